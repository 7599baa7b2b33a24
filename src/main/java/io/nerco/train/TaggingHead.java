package io.nerco.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.core.Linear;

/**
 * The linear emission head over joint BIO labels, applied to the first subword of each word.
 * Stateless; thread-safe.
 */
public final class TaggingHead {

    private final ModelParameters p;

    public TaggingHead(ModelParameters parameters) {
        this.p = parameters;
    }

    /** Emissions for every position: [batch, seq, hidden] → [batch, seq, labels]. */
    public NDArray emissions(NDArray hidden) {
        return Linear.linear(hidden, p.get("head.weight"), p.get("head.bias")).singletonOrThrow();
    }

    /**
     * Gathers word vectors from subword vectors.
     *
     * @param hidden         [batch, seq, hidden]
     * @param flatPositions  INT64 [batch, words]: {@code b * seq + position of the word's first subword}
     *                       (padding points at any valid row)
     * @return [batch, words, hidden]
     */
    public static NDArray gatherWords(NDArray hidden, NDArray flatPositions) {
        long batch = hidden.getShape().get(0);
        long seq = hidden.getShape().get(1);
        long width = hidden.getShape().get(2);
        NDArray flat = hidden.reshape(batch * seq, width);
        // embedding() is a row gather with a gradient into its table, which is what this needs
        return flatPositions.getNDArrayInternal().embedding(flatPositions, flat, SparseFormat.DENSE).singletonOrThrow();
    }
}
