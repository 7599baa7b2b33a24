package io.nerco.bench;

/**
 * Nanoseconds spent in each stage of one pass over the sentences. Immutable.
 *
 * @param tokenize subword encoding of every sentence
 * @param encoder  tensor building and the encoder session
 * @param tagger   the tagger session on the encoder's output
 * @param decode   reading emissions and decoding tags per word
 */
public record StageTimes(long tokenize, long encoder, long tagger, long decode) {

    public long total() {
        return tokenize + encoder + tagger + decode;
    }

    /** The same pass with another tokenisation time (tokenisation does not depend on batch size). */
    public StageTimes withTokenize(long nanos) {
        return new StageTimes(nanos, encoder, tagger, decode);
    }
}
