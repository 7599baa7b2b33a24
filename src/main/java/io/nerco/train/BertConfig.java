package io.nerco.train;

/**
 * Shape of a post-LayerNorm BERT encoder.
 *
 * @param vocabSize         word-piece vocabulary size
 * @param hidden            hidden width
 * @param layers            number of transformer layers
 * @param heads             attention heads; must divide {@code hidden}
 * @param intermediate      feed-forward width
 * @param maxPositions      learned absolute positions
 * @param typeVocabSize     token-type (segment) vocabulary
 * @param layerNormEps      LayerNorm epsilon (1e-12 for BERT)
 * @param dropout           hidden and attention dropout in training
 */
public record BertConfig(
        int vocabSize, int hidden, int layers, int heads, int intermediate,
        int maxPositions, int typeVocabSize, float layerNormEps, float dropout) {

    public BertConfig {
        if (vocabSize <= 0 || hidden <= 0 || layers <= 0 || heads <= 0 || intermediate <= 0
                || maxPositions <= 0 || typeVocabSize <= 0) {
            throw new IllegalArgumentException("all sizes must be positive: " + this);
        }
        if (hidden % heads != 0) {
            throw new IllegalArgumentException("heads " + heads + " do not divide hidden " + hidden);
        }
        if (dropout < 0 || dropout >= 1) {
            throw new IllegalArgumentException("dropout must be in [0, 1): " + dropout);
        }
    }

    /** all-MiniLM-L6-v2: 6 layers of 384, 12 heads, uncased 30522 vocabulary. */
    public static BertConfig miniLmL6() {
        return new BertConfig(30522, 384, 6, 12, 1536, 512, 2, 1e-12f, 0.1f);
    }

    public int headSize() {
        return hidden / heads;
    }
}
