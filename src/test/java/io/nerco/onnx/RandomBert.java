package io.nerco.onnx;

import java.util.Arrays;
import java.util.Map;
import java.util.Random;

/** Random BERT encoder parameters for tests of graphs the project writes ({@link BertEncoderGraph}). */
public final class RandomBert {

    private RandomBert() {}

    /** Random BERT parameters by Hugging Face key, linear weights [in, out]. */
    public static Map<String, FloatTensor> weights(int vocabulary, int hidden, int layers, int intermediate, int positions) {
        Random random = new Random(7);
        Map<String, FloatTensor> v = new java.util.LinkedHashMap<>();
        v.put("embeddings.word_embeddings.weight", gaussian(random, vocabulary, hidden));
        v.put("embeddings.position_embeddings.weight", gaussian(random, positions, hidden));
        v.put("embeddings.token_type_embeddings.weight", gaussian(random, 2, hidden));
        layerNorm(v, random, "embeddings.LayerNorm", hidden);
        for (int i = 0; i < layers; i++) {
            String k = "encoder.layer." + i + ".";
            for (String name : new String[] {"attention.self.query", "attention.self.key", "attention.self.value",
                    "attention.output.dense"}) {
                v.put(k + name + ".weight", gaussian(random, hidden, hidden));
                v.put(k + name + ".bias", gaussian(random, hidden));
            }
            layerNorm(v, random, k + "attention.output.LayerNorm", hidden);
            v.put(k + "intermediate.dense.weight", gaussian(random, hidden, intermediate));
            v.put(k + "intermediate.dense.bias", gaussian(random, intermediate));
            v.put(k + "output.dense.weight", gaussian(random, intermediate, hidden));
            v.put(k + "output.dense.bias", gaussian(random, hidden));
            layerNorm(v, random, k + "output.LayerNorm", hidden);
        }
        return v;
    }

    private static void layerNorm(Map<String, FloatTensor> v, Random random, String key, int hidden) {
        FloatTensor gamma = gaussian(random, hidden);
        for (int i = 0; i < hidden; i++) {
            gamma.data()[i] += 1f;
        }
        v.put(key + ".weight", gamma);
        v.put(key + ".bias", gaussian(random, hidden));
    }

    private static FloatTensor gaussian(Random random, long... shape) {
        float[] data = new float[Math.toIntExact(Arrays.stream(shape).reduce(1, (a, b) -> a * b))];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) (random.nextGaussian() * 0.1);
        }
        return new FloatTensor(shape, data);
    }
}
