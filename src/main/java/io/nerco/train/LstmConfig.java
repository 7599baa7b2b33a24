package io.nerco.train;

import io.nerco.onnx.LstmEncoderGraph;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Shape of a bidirectional LSTM encoder over word-piece embeddings: a student far cheaper per
 * subword than any transformer layer, the kind CRF-speed neural taggers are built from.
 *
 * <p>Word pieces → embedding table [vocab, embedding] → linear projection to {@code input} →
 * {@code layers} bidirectional LSTM layers of {@code hidden} per direction; the output is both
 * directions concatenated, {@code 2 · hidden} wide. Gates are in PyTorch's order (input, forget,
 * cell, output). The table can start as a teacher's word-piece embeddings; the projection is
 * folded into it when the encoder is exported, so serving gathers {@code input}-wide rows.
 *
 * @param vocabSize      word-piece vocabulary size
 * @param embeddingWidth width of the embedding table (the teacher's hidden width when taken from it)
 * @param input          width the embeddings are projected to, the first layer's input
 * @param hidden         LSTM state width per direction
 * @param layers         stacked bidirectional layers
 * @param maxPositions   longest input in subwords (the tokenizer's windows; an LSTM has no limit of its own)
 * @param dropout        dropout on the projected embeddings and between layers in training
 */
public record LstmConfig(int vocabSize, int embeddingWidth, int input, int hidden, int layers, int maxPositions,
        float dropout) implements EncoderConfig {

    public LstmConfig {
        if (vocabSize <= 0 || embeddingWidth <= 0 || input <= 0 || hidden <= 0 || layers <= 0 || maxPositions <= 0) {
            throw new IllegalArgumentException("all sizes must be positive: " + this);
        }
        if (dropout < 0 || dropout >= 1) {
            throw new IllegalArgumentException("dropout must be in [0, 1): " + dropout);
        }
    }

    @Override
    public int outputWidth() {
        return 2 * hidden;
    }

    /** Input width of a layer: the projection for the first, both directions of the one below after it. */
    public int layerInput(int layer) {
        return layer == 0 ? input : 2 * hidden;
    }

    @Override
    public Map<String, long[]> shapes() {
        Map<String, long[]> s = new LinkedHashMap<>();
        s.put(WORD_TABLE, new long[] {vocabSize, embeddingWidth});
        s.put("embeddings.projection.weight", new long[] {input, embeddingWidth});
        s.put("embeddings.projection.bias", new long[] {input});
        long gates = 4L * hidden;
        for (int l = 0; l < layers; l++) {
            for (String d : LstmEncoderGraph.DIRECTIONS) {
                String p = LstmEncoderGraph.prefix(l, d);
                s.put(p + "weight_ih", new long[] {gates, layerInput(l)});
                s.put(p + "weight_hh", new long[] {gates, hidden});
                s.put(p + "bias_ih", new long[] {gates});
                s.put(p + "bias_hh", new long[] {gates});
            }
        }
        return Collections.unmodifiableMap(s);
    }
}
