package io.nerco.bench;

import static io.nerco.bench.TextTable.number;
import static io.nerco.bench.TextTable.percent;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * What {@code nerco bench fusion} measured: the rewrite, the agreement of the fused encoder with
 * the original, their speeds and ONNX Runtime's per-operator profile of each. Immutable.
 *
 * @param originalEncoderSeconds median time inside the original encoder session per pass
 * @param fusedEncoderSeconds    the same for the fused copy, passes alternating with the original's
 * @param maxAbsEmissionDiff     largest |difference| of any tagger emission at any word
 * @param differentTags          words whose decoded tag differs
 * @param originalF1             F1 of the original's tags when the sentences carry gold tags, else NaN
 * @param fusedF1                the same for the fused copy
 */
public record FusionReport(MachineFacts machine, String source, int sentences, long words, int threads, int batchSize,
        int repeat, int skipLayerNorms, int attentions, int gelus, int nodesBefore, int nodesAfter, double originalEncoderSeconds,
        double fusedEncoderSeconds, double maxAbsEmissionDiff, long differentTags, double originalF1, double fusedF1,
        OrtProfile originalProfile, OrtProfile fusedProfile) {

    /** Original encoder time over the fused one's: above 1 means the fused copy is faster. */
    public double speedUp() {
        return originalEncoderSeconds / fusedEncoderSeconds;
    }

    public String render() {
        StringBuilder out = new StringBuilder();
        out.append("== Machine\n").append(machine.describe()).append('\n');
        out.append("== Rewrite\n")
                .append("fused             ").append(skipLayerNorms).append(" SkipLayerNormalization, ").append(attentions)
                .append(" MultiHeadAttention, ").append(gelus).append(" Gelu\n")
                .append("nodes             ").append(nodesBefore).append(" -> ").append(nodesAfter).append(" (before ORT's own optimiser)\n\n");

        out.append("== ONNX Runtime profile, encoder, one pass (kernel time by operator after ORT's own fusions)\n");
        TextTable ops = new TextTable("operator", "original ms", "share", "fused ms", "share");
        Set<String> names = new LinkedHashSet<>();
        originalProfile.ops().forEach(o -> names.add(o.op()));
        fusedProfile.ops().forEach(o -> names.add(o.op()));
        for (String op : names) {
            ops.row(op, number(originalProfile.microseconds(op) / 1e3, 1),
                    percent((double) originalProfile.microseconds(op) / originalProfile.totalMicroseconds()),
                    number(fusedProfile.microseconds(op) / 1e3, 1),
                    percent((double) fusedProfile.microseconds(op) / fusedProfile.totalMicroseconds()));
        }
        ops.row("total", number(originalProfile.totalMicroseconds() / 1e3, 1), "", number(fusedProfile.totalMicroseconds() / 1e3, 1), "");
        out.append(ops.render()).append('\n');

        out.append("== Agreement and speed on ").append(source).append(" (").append(sentences).append(" sentences, ")
                .append(words).append(" words; batch ").append(batchSize).append(", ").append(threads).append(" threads, median of ")
                .append(repeat).append(" alternating passes)\n");
        out.append(new TextTable("encoder", "encoder s/pass", "words/s (encoder only)", "F1 here")
                .row("original", number(originalEncoderSeconds, 3), number(words / originalEncoderSeconds, 0), number(originalF1, 2))
                .row("fused", number(fusedEncoderSeconds, 3), number(words / fusedEncoderSeconds, 0), number(fusedF1, 2))
                .render());
        out.append("speed-up (original / fused encoder time)   ").append(number(speedUp(), 3)).append('\n')
                .append("max |emission difference|                 ").append(String.format(java.util.Locale.ROOT, "%.3g", maxAbsEmissionDiff)).append('\n')
                .append("words with a different tag                ").append(differentTags).append(" of ").append(words).append('\n');
        return out.toString();
    }
}
