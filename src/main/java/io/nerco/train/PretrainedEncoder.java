package io.nerco.train;

import io.nerco.onnx.BertWeights;
import io.nerco.onnx.FloatTensor;
import io.nerco.onnx.OnnxModelFile;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Initialises an encoder from a BERT-style ONNX file through {@link BertWeights}, which keeps
 * Hugging Face keys; linear weights arrive [in, out] and are transposed to DJL's [out, in].
 * Stateless.
 */
public final class PretrainedEncoder {

    private PretrainedEncoder() {}

    /** Reads the weights of an ONNX encoder. */
    public static BertWeights read(Path onnx) throws IOException {
        return BertWeights.read(OnnxModelFile.read(onnx));
    }

    /** The shape of the encoder in {@code weights}; heads are not stored in the weights, so given. */
    public static BertConfig configOf(BertWeights weights, int heads, float dropout) {
        return new BertConfig(weights.vocabularySize(), weights.hiddenSize(), weights.layers().size(), heads,
                weights.intermediateSize(), weights.maxPositions(),
                weights.embeddings().tokenType() == null ? 1 : weights.embeddings().tokenType().value().dim(0),
                1e-12f, dropout);
    }

    /**
     * An LSTM student over the word-piece embeddings of {@code weights}: their vocabulary and
     * width, and the encoder's positions as the longest input.
     */
    public static LstmConfig lstmConfigOf(BertWeights weights, TrainConfig.LstmShape shape, float dropout) {
        return new LstmConfig(weights.vocabularySize(), weights.hiddenSize(), shape.input(), shape.hidden(), shape.layers(),
                weights.maxPositions(), dropout);
    }

    /**
     * Copies what {@code target}'s encoder takes from {@code weights}: every parameter for a BERT,
     * the word-piece embedding table for an LSTM student (the rest of it starts at random).
     */
    public static void load(BertWeights weights, ModelParameters target) {
        if (target.config() instanceof LstmConfig) {
            target.assign(EncoderConfig.WORD_TABLE, weights.embeddings().word().value().data());
            return;
        }
        for (Map.Entry<String, FloatTensor> e : weights.valuesByKey().entrySet()) {
            FloatTensor v = isLinearWeight(e.getKey()) ? e.getValue().transpose() : e.getValue();
            target.assign(e.getKey(), v.data());
        }
    }

    /** Encoder values by key in ONNX layout, for {@link BertWeights#withValues}. */
    public static Map<String, FloatTensor> onnxValues(ModelParameters params, BertWeights layout) {
        Map<String, FloatTensor> out = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, FloatTensor> e : layout.valuesByKey().entrySet()) {
            String key = e.getKey();
            long[] djlShape = params.get(key).getShape().getShape();
            FloatTensor v = new FloatTensor(djlShape, params.values(key));
            out.put(key, isLinearWeight(key) ? v.transpose() : v);
        }
        return out;
    }

    static boolean isLinearWeight(String key) {
        return key.startsWith("encoder.layer.") && key.endsWith(".weight") && !key.contains("LayerNorm");
    }
}
