package io.nerco.bench;

import static io.nerco.bench.TextTable.number;
import static io.nerco.bench.TextTable.percent;

import java.util.List;

/**
 * Everything one {@code nerco bench model} run measured, printable as aligned tables and
 * serialisable as JSON (Jackson writes records as objects). Immutable.
 *
 * @param machine  the machine's facts at the start
 * @param settings what was run
 * @param limits   the arithmetic limit per kind of matrix product
 * @param bundles  the bundles and their FLOP counts
 * @param rows     one row per bundle and batch size
 * @param peers    peer taggers' points read back from their JSON, possibly empty
 * @param notes    anything the reader must know to trust the figures
 */
public record BenchReport(MachineFacts machine, Settings settings, List<ArithmeticLimit.KindLimit> limits,
        List<BundleInfo> bundles, List<ModelRow> rows, List<PeerResult> peers, List<String> notes) {

    /** What was run. */
    public record Settings(String data, int sentences, long words, int threads, int warmupPasses, int measuredPasses,
            int limitBatch, int limitSeq) {}

    /**
     * A bundle's FLOP count and F1.
     *
     * @param manifestTestF1 the test F1 model.json states, NaN when it states none
     * @param measuredF1     F1 on this run's sentences with conlleval semantics, NaN when they carry no gold tags
     */
    public record BundleInfo(String label, String dir, String quantization, ModelFlops flops, double flopsPerTokenAt32,
            double manifestTestF1, double measuredF1) {}

    public BenchReport {
        limits = List.copyOf(limits);
        bundles = List.copyOf(bundles);
        rows = List.copyOf(rows);
        peers = List.copyOf(peers);
        notes = List.copyOf(notes);
    }

    public BenchReport withPeers(List<PeerResult> peerResults) {
        return new BenchReport(machine, settings, limits, bundles, rows, peerResults, notes);
    }

    /** The whole report as text: machine, settings, limit, bundles, throughput, peers, notes. */
    public String render() {
        StringBuilder out = new StringBuilder();
        out.append("== Machine\n").append(machine.describe()).append('\n');
        out.append("== Settings\n")
                .append("data              ").append(settings.data()).append(" (").append(settings.sentences())
                .append(" sentences, ").append(settings.words()).append(" words)\n")
                .append("threads           ").append(settings.threads()).append(" intra-op, 1 inter-op, spinning off\n")
                .append("passes            ").append(settings.warmupPasses()).append(" warm-up, ")
                .append(settings.measuredPasses()).append(" measured per batch size; figures are the median pass\n\n");

        out.append("== Arithmetic limit: single-op graphs, activation [").append(settings.limitBatch()).append(", ")
                .append(settings.limitSeq()).append(", in], ").append(settings.threads()).append(" threads\n");
        TextTable limitTable = new TextTable("kind", "in x out", "count in model", "median ms", "runs", "G(FL)OP/s");
        for (ArithmeticLimit.KindLimit kind : limits) {
            for (ArithmeticLimit.ShapeRate s : kind.shapes()) {
                double rate = s.flopsPerRun(settings.limitBatch(), settings.limitSeq()) / s.medianSeconds();
                limitTable.row(kind.kind().label(), s.in() + " x " + s.out(), s.count(), number(s.medianSeconds() * 1e3, 3),
                        s.runs(), number(rate / 1e9, 1));
            }
            limitTable.row(kind.kind().label() + ", model mix", "", "", "", "", number(kind.flopsPerSecond() / 1e9, 1));
        }
        out.append(limitTable.render()).append('\n');

        out.append("== Bundles\n");
        TextTable bundleTable = new TextTable("bundle", "matmul weights", "attention layers", "MFLOP/token at 32",
                "F1 here", "test F1 in model.json", "folder");
        for (BundleInfo b : bundles) {
            bundleTable.row(b.label(), number(b.flops().matmulParameters(), 0), b.flops().attentionLayers(),
                    number(b.flopsPerTokenAt32() / 1e6, 2), number(b.measuredF1(), 2), number(b.manifestTestF1(), 2), b.dir());
        }
        out.append(bundleTable.render()).append('\n');

        out.append("== Throughput (tokenise to tags, one thread budget) and fraction of the arithmetic limit\n");
        TextTable table = new TextTable("bundle", "batch", "sent/s", "words/s", "subwords/s", "padding eff",
                "tokenize", "encoder", "tagger", "decode", "GFLOP/s useful", "% limit useful", "% limit in sessions");
        for (ModelRow r : rows) {
            StageTimes s = r.stages();
            table.row(r.bundle(), r.batchSize(), number(r.sentencesPerSecond(), 0), number(r.wordsPerSecond(), 0),
                    number(r.subwordsPerSecond(), 0), percent(r.paddingEfficiency()),
                    percent(r.share(s.tokenize())), percent(r.share(s.encoder())), percent(r.share(s.tagger())),
                    percent(r.share(s.decode())), number(r.usefulFlops() / r.seconds() / 1e9, 1),
                    percent(r.usefulFractionOfLimit()), percent(r.sessionFractionOfLimit()));
        }
        out.append(table.render()).append('\n');

        if (!peers.isEmpty()) {
            out.append("== Side by side with peers (best batch size per bundle; compare only rows on the same sentences)\n");
            TextTable side = new TextTable("tagger", "threads", "sentences", "F1", "words/s");
            for (BundleInfo b : bundles) {
                rows.stream().filter(r -> r.bundle().equals(b.label()))
                        .max(java.util.Comparator.comparingDouble(ModelRow::wordsPerSecond))
                        .ifPresent(r -> side.row(b.label() + " (batch " + r.batchSize() + ")", settings.threads(),
                                settings.sentences(), number(b.measuredF1(), 2), number(r.wordsPerSecond(), 0)));
            }
            for (PeerResult p : peers) {
                side.row(p.name(), p.threads(), p.sentences(), number(p.f1(), 2), number(p.wordsPerSecond(), 0));
            }
            out.append(side.render()).append('\n');

            out.append("== Distance to dominating each peer (F1 and words/s both at least the peer's)\n");
            TextTable gaps = new TextTable("bundle", "peer", "threads", "F1 - peer", "speed / peer", "verdict");
            for (BundleInfo b : bundles) {
                double best = rows.stream().filter(r -> r.bundle().equals(b.label()))
                        .mapToDouble(ModelRow::wordsPerSecond).max().orElse(Double.NaN);
                for (PeerResult p : peers) {
                    DominanceGap gap = DominanceGap.of(b.measuredF1(), best, p);
                    gaps.row(b.label(), p.name(), p.threads(), number(gap.f1Difference(), 2), number(gap.speedRatio(), 3),
                            gap.describe());
                }
            }
            out.append(gaps.render()).append('\n');
        }

        out.append("""
                == What the columns mean
                F1 here              entity F1 (conlleval) of the bundle on this run's sentences, when they carry gold tags
                padding eff          real subwords / padded subwords, batches sorted by length (1.0 = no padding)
                tokenize..decode     share of the median pass's time per stage (tokenize does not depend on batch size)
                GFLOP/s useful       FLOPs of the real tokens (2 x matmul weights per token + 4 x layers x width x s^2
                                     per sentence) over the whole pass, tokenisation included
                % limit useful       GFLOP/s useful / the limit of the bundle's kind (fp32 MatMul or int8
                                     DynamicQuantizeMatMul, model mix)
                % limit in sessions  FLOPs executed on padded batches / time inside the encoder and tagger sessions /
                                     the same limit: how close ONNX Runtime's kernels run to bare matrix products
                """);
        if (!notes.isEmpty()) {
            out.append("\n== Notes\n");
            notes.forEach(n -> out.append("- ").append(n).append('\n'));
        }
        return out.toString();
    }
}
