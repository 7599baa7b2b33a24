package io.nerco.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.nerco.bench.ArithmeticLimit;
import io.nerco.bench.BenchInputException;
import io.nerco.bench.BenchPlots;
import io.nerco.bench.BenchReport;
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
 * throughput by batch size on real sentence lengths beside the machine's arithmetic limit.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks that print figures (see docs/performance.md).",
        subcommands = {BenchCommand.Model.class})
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
                List<PeerResult> peerResults = new ArrayList<>();
                for (Path p : peers) {
                    peerResults.addAll(Arrays.asList(mapper.readValue(p.toFile(), PeerResult[].class)));
                }
                report = report.withPeers(peerResults);
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
                points.add(new BenchPlots.Point(p.name() + ", " + p.threads() + " thr", p.wordsPerSecond(), p.f1(), true));
            }
            if (!points.isEmpty()) {
                BenchPlots.qualityVsSpeed("F1 against words per second on " + Path.of(report.settings().data()).getFileName(), points, dir.resolve("quality-vs-speed.png"));
            }
        }
    }
}
