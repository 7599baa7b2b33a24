package io.nerco.train;

import java.util.Map;
import java.util.Set;

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
     * Lookup tables the optimiser updates only in the rows a batch used (see {@link AdamW}); a
     * fine-tuned BERT keeps the dense update its recorded recipes were trained with.
     */
    default Set<String> lazilyUpdatedTables() {
        return Set.of();
    }
}
