package io.nerco.train;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

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
        int maxPositions, int typeVocabSize, float layerNormEps, float dropout) implements EncoderConfig {

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

    @Override
    public int outputWidth() {
        return hidden;
    }

    /** Hugging Face BERT names: {@code embeddings.word_embeddings.weight}, {@code encoder.layer.0.attention.self.query.weight}, ... */
    @Override
    public Map<String, long[]> shapes() {
        Map<String, long[]> s = new LinkedHashMap<>();
        long h = hidden;
        s.put(WORD_TABLE, new long[] {vocabSize, h});
        s.put("embeddings.position_embeddings.weight", new long[] {maxPositions, h});
        s.put("embeddings.token_type_embeddings.weight", new long[] {typeVocabSize, h});
        s.put("embeddings.LayerNorm.weight", new long[] {h});
        s.put("embeddings.LayerNorm.bias", new long[] {h});
        for (int i = 0; i < layers; i++) {
            String l = "encoder.layer." + i + ".";
            for (String qkv : List.of("query", "key", "value")) {
                s.put(l + "attention.self." + qkv + ".weight", new long[] {h, h});
                s.put(l + "attention.self." + qkv + ".bias", new long[] {h});
            }
            s.put(l + "attention.output.dense.weight", new long[] {h, h});
            s.put(l + "attention.output.dense.bias", new long[] {h});
            s.put(l + "attention.output.LayerNorm.weight", new long[] {h});
            s.put(l + "attention.output.LayerNorm.bias", new long[] {h});
            s.put(l + "intermediate.dense.weight", new long[] {intermediate, h});
            s.put(l + "intermediate.dense.bias", new long[] {intermediate});
            s.put(l + "output.dense.weight", new long[] {h, intermediate});
            s.put(l + "output.dense.bias", new long[] {h});
            s.put(l + "output.LayerNorm.weight", new long[] {h});
            s.put(l + "output.LayerNorm.bias", new long[] {h});
        }
        return Collections.unmodifiableMap(s);
    }
}
