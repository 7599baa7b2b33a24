package io.nerco.bench;

/**
 * The bare model's speed on the streaming benchmark's own sentences, measured with
 * {@link BundleRunner} as {@code bench model} does: tokenise, length-bucket, encoder, tagger,
 * decode, no Kafka. Immutable.
 *
 * @param batchSize sentences per inference batch (the serving tagger's)
 * @param sentences sentences per pass
 * @param words     words per pass
 * @param seconds   median pass, tokenisation included
 */
public record BareModelRate(int batchSize, int sentences, long words, double seconds) {

    @com.fasterxml.jackson.annotation.JsonProperty
    public double wordsPerSecond() {
        return words / seconds;
    }
}
