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
}
