package io.nerco.bench;

import ai.onnxruntime.OrtException;
import io.nerco.model.BundleManifest;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The model benchmark: the arithmetic limit for the first bundle's weight shapes, then each
 * bundle at each batch size on the given sentences, every figure beside that limit. Progress
 * goes to {@code log}; the figures come back as a {@link BenchReport}. Not thread-safe.
 *
 * @param bundles    bundle folders, fp32 and int8 side by side when both are given
 * @param batchSizes sentences per batch to measure
 * @param threads    intra-op threads for every session
 * @param warmup     unmeasured passes per bundle and batch size
 * @param repeat     measured passes per bundle and batch size (the median is reported)
 * @param limit      how to measure the arithmetic limit
 */
public record ModelBench(List<Path> bundles, List<Integer> batchSizes, int threads, int warmup, int repeat,
        ArithmeticLimit limit) {

    public ModelBench {
        bundles = List.copyOf(bundles);
        batchSizes = List.copyOf(batchSizes);
        if (bundles.isEmpty() || batchSizes.isEmpty() || repeat < 1 || warmup < 0) {
            throw new IllegalArgumentException("need a bundle, a batch size and at least one measured pass");
        }
    }

    /**
     * @param sentences the sentences every pass tags
     * @param source    where they came from, for the report
     */
    public BenchReport run(List<LabeledSentence> sentences, String source, PrintStream log) throws OrtException {
        MachineFacts machine = MachineFacts.now();
        long words = sentences.stream().mapToLong(s -> s.words().size()).sum();
        List<String> notes = new ArrayList<>();
        OnnxGraphFacts firstEncoder = OnnxGraphFacts.read(bundles.getFirst().resolve("encoder.onnx"));
        Map<List<Long>, Integer> shapes = firstEncoder.shapeCounts();
        log.println("measuring the arithmetic limit on shapes " + shapes + " at [" + limit.batch() + ", " + limit.seq() + ", in] ...");
        List<ArithmeticLimit.KindLimit> limits = limit.measure(shapes, List.of(MatMulKind.values()));
        List<ModelRow> rows = new ArrayList<>();
        List<BenchReport.BundleInfo> infos = new ArrayList<>();
        for (Path dir : bundles) {
            try (BundleRunner runner = BundleRunner.open(dir, threads)) {
                BundleManifest m = runner.manifest();
                String quantization = m.quantization() == null ? "fp32" : m.quantization();
                String label = uniqueLabel(m.name() + " " + quantization, dir, infos);
                OnnxGraphFacts encoderFacts = OnnxGraphFacts.read(dir.resolve("encoder.onnx"));
                if (!encoderFacts.shapeCounts().equals(shapes)) {
                    notes.add(label + ": weight shapes " + encoderFacts.shapeCounts() + " differ from the first bundle's;"
                            + " its limit was measured on the first bundle's shapes");
                }
                ModelFlops flops = ModelFlops.of(encoderFacts, OnnxGraphFacts.read(dir.resolve("tagger.onnx")), runner.hiddenSize());
                MatMulKind kind = quantization.equalsIgnoreCase("int8") ? MatMulKind.INT8_DYNAMIC : MatMulKind.FP32;
                double limitRate = limits.stream().filter(l -> l.kind() == kind).findFirst().orElseThrow().flopsPerSecond();

                log.println(label + ": tokenizing " + sentences.size() + " sentences ...");
                BundleRunner.Tokenized tokens = runner.tokenize(sentences);
                long tokenizeMedian = medianTokenizeNanos(runner, sentences, repeat);
                if (tokens.truncated() > 0) {
                    notes.add(label + ": " + tokens.truncated() + " sentences were longer than the window and cut to it");
                }
                Map<String, BundleManifest.Score> scores = m.scores();
                double manifestF1 = scores.containsKey("test") ? scores.get("test").f1() : Double.NaN;
                double measuredF1 = Double.NaN;
                if (sentences.stream().allMatch(LabeledSentence::labeled)) {
                    runner.pass(LengthBuckets.of(tokens.lengths(), java.util.Collections.max(batchSizes)), tokens);
                    List<List<String>> predicted = runner.lastTags(sentences.stream().mapToInt(s -> s.words().size()).toArray());
                    ConllevalScore score = new ConllevalScore(0, 0, 0);
                    for (int i = 0; i < sentences.size(); i++) {
                        score = score.plus(ConllevalScore.of(sentences.get(i).tags(), predicted.get(i)));
                    }
                    measuredF1 = score.f1();
                }
                infos.add(new BenchReport.BundleInfo(label, dir.toString(), quantization, flops,
                        flops.perToken(32), manifestF1, measuredF1));

                for (int batchSize : batchSizes) {
                    LengthBuckets buckets = LengthBuckets.of(tokens.lengths(), batchSize);
                    log.println(label + ": batch " + batchSize + " (" + warmup + " warm-up, " + repeat + " measured passes) ...");
                    StageTimes median = medianPass(runner, buckets, tokens, warmup, repeat).withTokenize(tokenizeMedian);
                    rows.add(new ModelRow(label, quantization, batchSize, sentences.size(), words, buckets.realTokens(),
                            buckets.paddingEfficiency(), median.total() / 1e9, median,
                            buckets.usefulFlops(flops), buckets.executedFlops(flops), limitRate));
                }
            }
        }
        return new BenchReport(machine, new BenchReport.Settings(source, sentences.size(), words, threads, warmup, repeat,
                limit.batch(), limit.seq()), limits, infos, rows, List.of(), notes);
    }

    private static String uniqueLabel(String label, Path dir, List<BenchReport.BundleInfo> taken) {
        boolean clash = taken.stream().anyMatch(b -> b.label().equals(label));
        return clash ? label + " (" + dir.getFileName() + " #" + (taken.size() + 1) + ")" : label;
    }

    /** Median time of {@code repeat} tokenisations of all sentences, in nanoseconds. */
    static long medianTokenizeNanos(BundleRunner runner, List<LabeledSentence> sentences, int repeat) {
        long[] nanos = new long[repeat];
        for (int r = 0; r < repeat; r++) {
            long t0 = System.nanoTime();
            runner.tokenize(sentences);
            nanos[r] = System.nanoTime() - t0;
        }
        return Math.round(Stopwatch.medianSeconds(nanos) * 1e9);
    }

    /** The median (by total time) of {@code repeat} passes after {@code warmup} unmeasured ones; tokenize time 0. */
    static StageTimes medianPass(BundleRunner runner, LengthBuckets buckets, BundleRunner.Tokenized tokens,
            int warmup, int repeat) throws OrtException {
        for (int w = 0; w < warmup; w++) {
            runner.pass(buckets, tokens);
        }
        StageTimes[] passes = new StageTimes[repeat];
        for (int r = 0; r < repeat; r++) {
            passes[r] = runner.pass(buckets, tokens);
        }
        Arrays.sort(passes, (a, b) -> Long.compare(a.total(), b.total()));
        return passes[repeat / 2];
    }
}
