package io.nerco.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.nerco.bench.ArithmeticLimit;
import io.nerco.bench.BenchInputException;
import io.nerco.bench.BenchPlots;
import io.nerco.bench.BenchReport;
import io.nerco.bench.BenchDocuments;
import io.nerco.bench.CascadeBench;
import io.nerco.bench.CascadeReport;
import io.nerco.bench.FusionBench;
import io.nerco.bench.FusionReport;
import io.nerco.bench.StreamBench;
import io.nerco.bench.StreamBenchSettings;
import io.nerco.bench.StreamReport;
import io.nerco.eval.ConllCorpus;
import io.nerco.eval.ConllFormatException;
import io.nerco.eval.ConllReader;
import io.nerco.eval.ConllToLabeled;
import io.nerco.eval.LabeledDocument;
import io.nerco.model.InvalidBundleException;
import io.nerco.model.OnnxTagger;
import io.nerco.model.TaggerOptions;
import io.nerco.model.Taggers;
import io.nerco.stream.TaggingSettings;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.time.Duration;
import io.nerco.bench.ConllSentences;
import io.nerco.bench.LabeledSentence;
import io.nerco.bench.ModelBench;
import io.nerco.bench.ModelRow;
import io.nerco.bench.PeerResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code nerco bench}: benchmarks that print figures. {@code bench model} measures a bundle's
 * throughput by batch size on real sentence lengths beside the machine's arithmetic limit;
 * {@code bench stream} the tagging topology on a real broker against the bare model;
 * {@code bench fusion} a fused copy of the encoder against the original; {@code bench cascade} a
 * fast and an accurate bundle alone and as {@link io.nerco.model.CascadeTagger}s.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks that print figures (see docs/performance.md).",
        subcommands = {BenchCommand.Model.class, BenchCommand.Stream.class, BenchCommand.Fusion.class,
            BenchCommand.Cascade.class})
public final class BenchCommand implements Runnable {

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code nerco bench model}. */
    @Command(name = "model", mixinStandardHelpOptions = true,
            description = {"Throughput of model bundles by batch size on real sentences, as a fraction of the",
                "machine's arithmetic limit (single-op ONNX MatMuls of the model's own shapes)."})
    static final class Model implements Callable<Integer> {

        @Option(names = "--bundle", required = true, paramLabel = "DIR",
                description = "Model bundle folder; repeat for fp32 and int8 side by side.")
        List<Path> bundles;

        @Option(names = "--data", defaultValue = "${env:NERCO_SHARED_DATA:-../shared/data}/conll2003/test.txt", paramLabel = "FILE",
                description = "CoNLL-style column file whose sentences are tagged (default: $${env:NERCO_SHARED_DATA:-../shared/data}/conll2003/test.txt, now ${DEFAULT-VALUE}).")
        Path data;

        @Option(names = "--sentences", defaultValue = "0", paramLabel = "N",
                description = "Use only the first N sentences; 0 for all (default).")
        int sentences;

        @Option(names = "--batch-sizes", split = ",", defaultValue = "1,2,4,8,16,32,64,128", paramLabel = "B",
                description = "Batch sizes (default: ${DEFAULT-VALUE}).")
        List<Integer> batchSizes;

        @Option(names = "--threads", defaultValue = "2", description = "Intra-op threads (default: ${DEFAULT-VALUE}).")
        int threads;

        @Option(names = "--warmup", defaultValue = "1", description = "Warm-up passes per batch size (default: ${DEFAULT-VALUE}).")
        int warmup;

        @Option(names = "--repeat", defaultValue = "3", description = "Measured passes per batch size; the median is reported (default: ${DEFAULT-VALUE}).")
        int repeat;

        @Option(names = "--limit-batch", defaultValue = "32", description = "Batch of the limit's activations (default: ${DEFAULT-VALUE}).")
        int limitBatch;

        @Option(names = "--limit-seq", defaultValue = "32", description = "Sequence length of the limit's activations (default: ${DEFAULT-VALUE}).")
        int limitSeq;

        @Option(names = "--limit-seconds", defaultValue = "2", description = "Timed seconds per limit shape, at least (default: ${DEFAULT-VALUE}).")
        double limitSeconds;

        @Option(names = "--peer", paramLabel = "JSON", description = "A peer's result file (CoreNlpPeer --json); repeatable.")
        List<Path> peers = new ArrayList<>();

        @Option(names = "--json", paramLabel = "FILE", description = "Also write the whole report as JSON.")
        Path json;

        @Option(names = "--plot-dir", paramLabel = "DIR",
                description = "Write throughput.png and, when F1 figures are known, quality-vs-speed.png.")
        Path plotDir;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            try {
                List<LabeledSentence> all = ConllSentences.read(data);
                List<LabeledSentence> used = sentences > 0 ? all.subList(0, Math.min(sentences, all.size())) : all;
                ArithmeticLimit limit = new ArithmeticLimit(threads, limitBatch, limitSeq, 5, 10, limitSeconds);
                ModelBench bench = new ModelBench(bundles, batchSizes, threads, warmup, repeat, limit);
                BenchReport report = bench.run(used, data.toString(), System.err);
                ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
                report = report.withPeers(readPeers(peers));
                spec.commandLine().getOut().print(report.render());
                spec.commandLine().getOut().flush();
                if (json != null) {
                    mapper.writeValue(json.toFile(), report);
                }
                if (plotDir != null) {
                    plot(report, plotDir);
                }
                return 0;
            } catch (BenchInputException | IOException e) {
                spec.commandLine().getErr().println("bench model: " + e.getMessage());
                return 1;
            }
        }

        private static void plot(BenchReport report, Path dir) throws IOException {
            List<BenchPlots.Series> series = new ArrayList<>();
            List<BenchPlots.Point> points = new ArrayList<>();
            for (BenchReport.BundleInfo b : report.bundles()) {
                List<ModelRow> rows = report.rows().stream().filter(r -> r.bundle().equals(b.label())).toList();
                series.add(new BenchPlots.Series(b.label(), rows.stream().mapToDouble(ModelRow::batchSize).toArray(),
                        rows.stream().mapToDouble(ModelRow::wordsPerSecond).toArray()));
                double best = rows.stream().mapToDouble(ModelRow::wordsPerSecond).max().orElse(Double.NaN);
                if (!Double.isNaN(b.measuredF1())) {
                    points.add(new BenchPlots.Point(b.label(), best, b.measuredF1(), false));
                }
            }
            BenchPlots.throughputByBatch("Words per second by batch size, " + report.settings().threads() + " threads",
                    "words per second", series, dir.resolve("throughput.png"));
            for (PeerResult p : report.peers()) {
                points.add(peerPoint(p));
            }
            if (!points.isEmpty()) {
                BenchPlots.qualityVsSpeed("F1 against words per second on " + Path.of(report.settings().data()).getFileName(), points, dir.resolve("quality-vs-speed.png"));
            }
        }
    }

    /** {@code nerco bench stream}. */
    @Command(name = "stream", mixinStandardHelpOptions = true,
            description = {"The tagging topology on an embedded KRaft broker with the Apicurio registry: maximum sustained",
                "throughput as a fraction of the bare model's (same sentences, same run), latency percentiles under",
                "a load, and the process's resident memory."})
    static final class Stream implements Callable<Integer> {

        @Option(names = "--bundle", defaultValue = "models/default", paramLabel = "DIR",
                description = "Model bundle folder (default: ${DEFAULT-VALUE}).")
        Path bundle;

        @Option(names = "--data", paramLabel = "FILE",
                description = {"CoNLL file whose documents become the events (default: $${env:NERCO_SHARED_DATA:-../shared/data}"
                        + "/conll2003/test.txt", "when it exists, else the demo's invented news feed)."})
        Path data;

        @Option(names = "--threads", defaultValue = "2", description = "Intra-op threads (default: ${DEFAULT-VALUE}).")
        int threads;

        @Option(names = "--batch-size", defaultValue = "" + TaggingSettings.DEFAULT_BATCH_SIZE,
                description = "Events per streaming batch (default: ${DEFAULT-VALUE}).")
        int batchSize;

        @Option(names = "--max-latency-ms", defaultValue = "50", description = "Flush bound of the batch (default: ${DEFAULT-VALUE}).")
        long maxLatencyMs;

        @Option(names = "--max-batch-chars", defaultValue = "" + TaggingSettings.DEFAULT_MAX_BATCH_CHARS,
                description = "Character budget of a streaming batch (default: ${DEFAULT-VALUE}).")
        int maxBatchChars;

        @Option(names = "--model-batch", defaultValue = "32",
                description = "Sentences per inference batch, stream and bare model (default: ${DEFAULT-VALUE}).")
        int modelBatch;

        @Option(names = "--warmup-events", defaultValue = "32", description = "Events sent and awaited first (default: ${DEFAULT-VALUE}).")
        int warmupEvents;

        @Option(names = "--saturation-events", defaultValue = "400",
                description = "Events sent at once to find the maximum sustained throughput; 0 skips it (default: ${DEFAULT-VALUE}).")
        int saturationEvents;

        @Option(names = "--rate", defaultValue = "0", paramLabel = "EV/S",
                description = "Fixed offered load of the load phase; 0: --load-fraction of the maximum (default).")
        double rate;

        @Option(names = "--load-fraction", defaultValue = "0.5",
                description = "Fraction of the maximum offered in the load phase (default: ${DEFAULT-VALUE}).")
        double loadFraction;

        @Option(names = "--duration", defaultValue = "20", paramLabel = "SECONDS",
                description = "How long the load phase offers events (default: ${DEFAULT-VALUE}).")
        double duration;

        @Option(names = "--drain-timeout", defaultValue = "300", paramLabel = "SECONDS",
                description = "Wait this long after a phase's last send for its outputs (default: ${DEFAULT-VALUE}).")
        long drainSeconds;

        @Option(names = "--bare-passes", defaultValue = "3", description = "Measured bare-model passes (default: ${DEFAULT-VALUE}).")
        int barePasses;

        @Option(names = "--json", paramLabel = "FILE", description = "Also write the report as JSON.")
        Path json;

        @Option(names = "--plot-dir", paramLabel = "DIR", description = "Write latency.png (latency distribution per phase).")
        Path plotDir;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            try {
                StreamBenchSettings settings = new StreamBenchSettings(bundle, threads, batchSize, Duration.ofMillis(maxLatencyMs), maxBatchChars,
                        modelBatch, warmupEvents, saturationEvents, rate, loadFraction,
                        Duration.ofMillis(Math.round(duration * 1000)), Duration.ofSeconds(drainSeconds), barePasses);
                StreamReport report = new StreamBench(settings, documents(), System.err).run();
                spec.commandLine().getOut().print(report.render());
                spec.commandLine().getOut().flush();
                if (json != null) {
                    jsonWriter().writeValue(json.toFile(), report);
                }
                if (plotDir != null) {
                    List<BenchPlots.Latencies> curves = report.phases().stream()
                            .filter(p -> p.latency().count() > 0)
                            .map(p -> new BenchPlots.Latencies(p.name() + (Double.isNaN(p.offeredPerSecond()) ? ""
                                    : String.format(java.util.Locale.ROOT, " at %.1f ev/s", p.offeredPerSecond())),
                                    p.latency().sortedMillis()))
                            .toList();
                    BenchPlots.latencyDistribution("Event latency (readable - event timestamp), " + threads + " threads",
                            curves, StreamReport.P99_TARGET_MS, plotDir.resolve("latency.png"));
                }
                return 0;
            } catch (BenchInputException | IllegalArgumentException | IOException e) {
                spec.commandLine().getErr().println("bench stream: " + e.getMessage());
                return 1;
            }
        }

        private BenchDocuments documents() throws Exception {
            Path file = data;
            if (file == null) {
                String shared = System.getenv().getOrDefault("NERCO_SHARED_DATA", "../shared/data");
                file = Path.of(shared, "conll2003", "test.txt");
                if (!java.nio.file.Files.isRegularFile(file)) {
                    System.err.println("bench stream: no " + file + "; sending the demo's invented news feed instead");
                    return BenchDocuments.fromTexts("the demo's invented news feed", DemoCommand.feed());
                }
            }
            if (!java.nio.file.Files.isRegularFile(file)) {
                throw new BenchInputException("no data file " + file);
            }
            return BenchDocuments.fromConll(file, TaggingSettings.DEFAULT_MAX_TEXT_CHARS);
        }
    }

    /** {@code nerco bench fusion}. */
    @Command(name = "fusion", mixinStandardHelpOptions = true,
            description = {"Rewrites a copy of a bundle's encoder into ONNX Runtime's fused operators (SkipLayerNormalization,",
                "MultiHeadAttention) and compares it with the original in one run: per-operator profile, emission",
                "difference, tag agreement, speed-up. The bundle itself is never changed."})
    static final class Fusion implements Callable<Integer> {

        @Option(names = "--bundle", defaultValue = "models/default", paramLabel = "DIR",
                description = "Model bundle folder (default: ${DEFAULT-VALUE}).")
        Path bundle;

        @Option(names = "--out", defaultValue = "target/fused-bundle", paramLabel = "DIR",
                description = "Folder for the fused copy (default: ${DEFAULT-VALUE}).")
        Path out;

        @Option(names = "--data", defaultValue = "${env:NERCO_SHARED_DATA:-../shared/data}/conll2003/dev.txt", paramLabel = "FILE",
                description = "CoNLL file whose sentences are tagged by both (default: ${DEFAULT-VALUE}).")
        Path data;

        @Option(names = "--sentences", defaultValue = "0", paramLabel = "N", description = "Use only the first N sentences; 0 for all (default).")
        int sentences;

        @Option(names = "--threads", defaultValue = "2", description = "Intra-op threads (default: ${DEFAULT-VALUE}).")
        int threads;

        @Option(names = "--batch-size", defaultValue = "32", description = "Sentences per batch (default: ${DEFAULT-VALUE}).")
        int batchSize;

        @Option(names = "--warmup", defaultValue = "1", description = "Warm-up passes of each (default: ${DEFAULT-VALUE}).")
        int warmup;

        @Option(names = "--repeat", defaultValue = "5", description = "Measured passes of each, alternating (default: ${DEFAULT-VALUE}).")
        int repeat;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            try {
                List<LabeledSentence> all = ConllSentences.read(data);
                List<LabeledSentence> used = sentences > 0 ? all.subList(0, Math.min(sentences, all.size())) : all;
                FusionReport report = new FusionBench(bundle, out, threads, batchSize, warmup, repeat)
                        .run(used, data.toString(), System.err);
                spec.commandLine().getOut().print(report.render());
                spec.commandLine().getOut().flush();
                return 0;
            } catch (BenchInputException | IllegalArgumentException | IOException e) {
                spec.commandLine().getErr().println("bench fusion: " + e.getMessage());
                return 1;
            }
        }
    }

    /** {@code nerco bench cascade}. */
    @Command(name = "cascade", mixinStandardHelpOptions = true,
            description = {"A fast and an accurate bundle alone and as cascades (the accurate one re-tags the sentences",
                "the fast one is least sure of) at several thresholds: F1, deferred share and words per second,",
                "all in one run on the same sentences."})
    static final class Cascade implements Callable<Integer> {

        @Option(names = "--fast", required = true, paramLabel = "DIR", description = "The bundle that tags every sentence.")
        Path fast;

        @Option(names = "--accurate", required = true, paramLabel = "DIR", description = "The bundle for the unsure sentences.")
        Path accurate;

        @Option(names = "--thresholds", split = ",", defaultValue = "0.5,0.8,0.9,0.95,0.99", paramLabel = "P",
                description = "Sentence confidences below which the accurate bundle tags (default: ${DEFAULT-VALUE}).")
        List<Double> thresholds;

        @Option(names = "--data", defaultValue = "${env:NERCO_SHARED_DATA:-../shared/data}/conll2003/test.txt", paramLabel = "FILE",
                description = "CoNLL file with gold tags (default: ${DEFAULT-VALUE}).")
        Path data;

        @Option(names = "--threads", defaultValue = "2", description = "Intra-op threads of each bundle (default: ${DEFAULT-VALUE}).")
        int threads;

        @Option(names = "--batch-size", defaultValue = "8",
                description = "Documents (-DOCSTART- stories, else sentences) per tagging call (default: ${DEFAULT-VALUE}).")
        int batchSize;

        @Option(names = "--warmup", defaultValue = "1", description = "Warm-up passes of each (default: ${DEFAULT-VALUE}).")
        int warmup;

        @Option(names = "--repeat", defaultValue = "3", description = "Measured passes of each; the median is reported (default: ${DEFAULT-VALUE}).")
        int repeat;

        @Option(names = "--peer", paramLabel = "JSON", description = "A peer's result file (CoreNlpPeer --json); repeatable.")
        List<Path> peers = new ArrayList<>();

        @Option(names = "--json", paramLabel = "FILE", description = "Also write the report as JSON.")
        Path json;

        @Option(names = "--plot", paramLabel = "PNG", description = "Write F1 against words per second, peers included.")
        Path plot;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            ConllCorpus corpus;
            try {
                corpus = ConllReader.detecting().read(data);
            } catch (ConllFormatException | IOException e) {
                spec.commandLine().getErr().println("bench cascade: " + e.getMessage());
                return 1;
            }
            List<LabeledDocument> docs = new ConllToLabeled(1).convert(corpus);
            TaggerOptions options = TaggerOptions.defaults().withIntraOpThreads(threads);
            CascadeReport report;
            try (OnnxTagger fastTagger = Taggers.open(fast, options); OnnxTagger accurateTagger = Taggers.open(accurate, options)) {
                report = new CascadeBench(thresholds, batchSize, warmup, repeat)
                        .run(fastTagger, accurateTagger, docs, corpus.tokenCount(), System.err);
            } catch (InvalidBundleException | IllegalArgumentException e) {
                spec.commandLine().getErr().println("bench cascade: " + e.getMessage());
                return 1;
            }
            List<PeerResult> peerResults = readPeers(peers);
            spec.commandLine().getOut().print(report.render(peerResults));
            spec.commandLine().getOut().flush();
            if (json != null) {
                new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(json.toFile(), report);
            }
            if (plot != null) {
                List<BenchPlots.Point> points = new ArrayList<>();
                report.rows().forEach(r -> points.add(new BenchPlots.Point(r.label(), r.wordsPerSecond(), r.f1(), false)));
                peerResults.forEach(p -> points.add(peerPoint(p)));
                BenchPlots.qualityVsSpeed("Cascades: F1 against words per second on " + data.getFileName(), points, plot);
            }
            return 0;
        }
    }

    /** The peers' result files (CoreNlpPeer --json), each an array of points. */
    static List<PeerResult> readPeers(List<Path> files) throws IOException {
        ObjectMapper mapper = new ObjectMapper();
        List<PeerResult> peers = new ArrayList<>();
        for (Path file : files) {
            peers.addAll(Arrays.asList(mapper.readValue(file.toFile(), PeerResult[].class)));
        }
        return peers;
    }

    /** A peer on the F1-against-speed plot, named with its threads. */
    static BenchPlots.Point peerPoint(PeerResult peer) {
        return new BenchPlots.Point(peer.name() + ", " + peer.threads() + " thr", peer.wordsPerSecond(), peer.f1(), true);
    }

    /** JSON with paths and durations as plain strings. */
    static ObjectMapper jsonWriter() {
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).registerModule(new SimpleModule()
                .addSerializer(Path.class, ToStringSerializer.instance)
                .addSerializer(Duration.class, ToStringSerializer.instance));
    }
}
