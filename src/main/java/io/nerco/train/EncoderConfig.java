package io.nerco.train;

import java.util.Map;

/**
 * The shape of a trainable encoder: which arrays it has and how wide its output is. The head
 * and CRF of {@link ModelParameters} sit on top of any of them.
 */
public sealed interface EncoderConfig permits BertConfig, LstmConfig {

    /** Encoder parameter names and shapes ({@code [out, in]} for linear weights), in a fixed order. */
    Map<String, long[]> shapes();

    /** Width of each output position, the head's input. */
    int outputWidth();

    /** Longest input in subwords. */
    int maxPositions();

    /** Dropout in training. */
    float dropout();

    /**
     * The word-piece embedding table every encoder starts from: by far its largest array, of
     * which a batch looks up a few thousand rows, so the trainer may update it lazily (see
     * {@link AdamW} and {@link TrainConfig#lazyTable()}).
     */
    String WORD_TABLE = "embeddings.word_embeddings.weight";
}
