package io.nerco.bench;

/**
 * Floating-point operations of one forward pass of encoder plus tagger, counted the usual way:
 * 2 × (weights in matrix products) per token, plus the attention products whose cost grows
 * with the square of the sequence: per layer, QKᵀ and the weighted sum of V each take
 * 2 × s² × width for a sequence of s tokens. Embedding look-ups, LayerNorm, GELU, softmax and
 * biases are left out: they are not matrix arithmetic and are a small share of the count.
 * Immutable.
 *
 * @param matmulParameters sum of in × out over the weight matrices of encoder and tagger
 * @param attentionLayers  number of self-attention layers
 * @param attentionWidth   heads × head size (the hidden size in BERT-style encoders)
 */
public record ModelFlops(long matmulParameters, int attentionLayers, long attentionWidth) {

    public ModelFlops {
        if (matmulParameters <= 0 || attentionLayers < 0 || attentionWidth < 0) {
            throw new IllegalArgumentException("counts must be positive: " + matmulParameters + ", "
                    + attentionLayers + ", " + attentionWidth);
        }
    }

    /** From the graphs' facts: attention layers are the encoder's Softmax nodes. */
    public static ModelFlops of(OnnxGraphFacts encoder, OnnxGraphFacts tagger, long hiddenSize) {
        return new ModelFlops(encoder.matmulParameters() + tagger.matmulParameters(), encoder.softmaxNodes(), hiddenSize);
    }

    /** FLOPs of one sequence of {@code tokens} tokens, padding excluded. */
    public double sequence(int tokens) {
        double s = tokens;
        return 2.0 * matmulParameters * s + 4.0 * attentionLayers * attentionWidth * s * s;
    }

    /** FLOPs executed for a padded batch of {@code batch} sequences of {@code paddedLength} tokens. */
    public double paddedBatch(int batch, int paddedLength) {
        return batch * sequence(paddedLength);
    }

    /** FLOPs per token of a sequence of {@code tokens} tokens. */
    public double perToken(int tokens) {
        return sequence(tokens) / tokens;
    }
}
