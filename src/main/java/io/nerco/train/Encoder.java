package io.nerco.train;

import ai.djl.ndarray.NDArray;

/**
 * The forward pass of a trainable encoder over the arrays of a {@link ModelParameters}.
 * Implementations are stateless and thread-safe; the arrays they return belong to the manager
 * of their inputs' operations (use a per-batch sub-manager or scope).
 */
public interface Encoder {

    /**
     * @param inputIds      INT64 [batch, seq]
     * @param attentionMask INT64 or FLOAT [batch, seq], 1 for real tokens, which come first in each row
     * @param training      whether dropout is active
     * @return FLOAT [batch, seq, {@link EncoderConfig#outputWidth()}]
     */
    NDArray forward(NDArray inputIds, NDArray attentionMask, boolean training);

    /** The encoder that the parameters' shape calls for. */
    static Encoder of(ModelParameters parameters) {
        return switch (parameters.config()) {
            case BertConfig bert -> new BertEncoder(parameters, bert);
            case LstmConfig lstm -> new LstmEncoder(parameters, lstm);
        };
    }
}
