package io.nerco.bench;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The figures of one bundle at one batch size, over a median pass of all sentences.
 * Immutable; JSON carries the derived rates too.
 *
 * @param bundle           bundle label (model name and quantization)
 * @param quantization     fp32 or int8, from model.json
 * @param batchSize        sentences per batch
 * @param sentences        sentences per pass
 * @param words            words per pass
 * @param subwords         subwords per pass, special tokens included, padding excluded
 * @param paddingEfficiency real subwords ÷ padded subwords
 * @param seconds          median pass: tokenise, encoder, tagger, decode
 * @param stages           the median pass's stage times
 * @param usefulFlops      FLOPs of the real tokens per pass
 * @param executedFlops    FLOPs the padded batches execute per pass
 * @param limitFlopsPerSecond the matching arithmetic limit (fp32 or int8 DynamicQuantizeMatMul)
 */
public record ModelRow(String bundle, String quantization, int batchSize, int sentences, long words, long subwords,
        double paddingEfficiency, double seconds, StageTimes stages, double usefulFlops, double executedFlops,
        double limitFlopsPerSecond) {

    @JsonProperty
    public double sentencesPerSecond() {
        return sentences / seconds;
    }

    @JsonProperty
    public double wordsPerSecond() {
        return words / seconds;
    }

    @JsonProperty
    public double subwordsPerSecond() {
        return subwords / seconds;
    }

    /** Useful FLOP/s end to end (tokenisation to tags) ÷ the limit. */
    @JsonProperty
    public double usefulFractionOfLimit() {
        return usefulFlops / seconds / limitFlopsPerSecond;
    }

    /** Executed (padded) FLOP/s inside the encoder and tagger sessions ÷ the limit. */
    @JsonProperty
    public double sessionFractionOfLimit() {
        return executedFlops / ((stages.encoder() + stages.tagger()) / 1e9) / limitFlopsPerSecond;
    }

    public double share(long stageNanos) {
        return (double) stageNanos / stages.total();
    }
}
