package io.nerco.onnx;

import static io.nerco.onnx.GraphProtos.floatAttribute;
import static io.nerco.onnx.GraphProtos.intAttribute;
import static io.nerco.onnx.GraphProtos.intsAttribute;

import io.nerco.onnx.internal.proto.AttributeProto;
import io.nerco.onnx.internal.proto.NodeProto;
import io.nerco.onnx.internal.proto.TensorProto;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes a post-LayerNorm BERT encoder as an ONNX graph the project owns, for encoders that do
 * not come as ONNX (Google's TensorFlow BERT checkpoints).
 *
 * <p>The graph follows the contract of {@code BundleManifest}: INT64 {@code input_ids},
 * {@code attention_mask}, {@code token_type_ids} [batch, seq] in, FLOAT {@code last_hidden_state}
 * [batch, seq, hidden] out. Its node and initialiser names are those of Hugging Face's exports
 * ({@code /encoder/layer.0/attention/self/query/MatMul}, {@code embeddings.word_embeddings.weight}),
 * so {@link BertWeights#read} finds every parameter and {@link Int8Quantizer} quantizes it as it does
 * the ONNX-born encoders. The arithmetic matches the trainer's DJL encoder: GELU in its erf form, and
 * padding keys masked with {@code -Float.MAX_VALUE}. Opset 17 (LayerNormalization), IR 8. Stateless.
 */
public final class BertEncoderGraph {

    private static final float SQRT_HALF = (float) Math.sqrt(0.5);

    private final List<NodeProto> nodes = new ArrayList<>();
    private final List<TensorProto> initializers = new ArrayList<>();

    private BertEncoderGraph() {}

    /**
     * Builds the encoder.
     *
     * @param valuesByKey  every parameter by Hugging Face key, linear weights in ONNX layout [in, out];
     *                     layers are counted from the keys present
     * @param heads        attention heads; must divide the hidden width
     * @param layerNormEps LayerNorm epsilon (1e-12 for BERT)
     * @throws IllegalArgumentException when a parameter is missing or the shapes do not fit
     */
    public static OnnxModelFile build(Map<String, FloatTensor> valuesByKey, int heads, float layerNormEps) {
        return new BertEncoderGraph().assemble(valuesByKey, heads, layerNormEps);
    }

    private OnnxModelFile assemble(Map<String, FloatTensor> values, int heads, float eps) {
        FloatTensor word = GraphProtos.require(values, "embeddings.word_embeddings.weight");
        int hidden = word.dim(1);
        if (hidden % heads != 0) {
            throw new IllegalArgumentException("heads " + heads + " do not divide hidden " + hidden);
        }
        int layers = 0;
        while (values.containsKey("encoder.layer." + layers + ".attention.self.query.weight")) {
            layers++;
        }
        if (layers == 0) {
            throw new IllegalArgumentException("no encoder.layer.0.* parameters");
        }
        for (String key : values.keySet()) {
            initializers.add(OnnxTensors.floatInitializer(key, values.get(key)));
        }
        constant("const.one", 1f);
        constant("const.mask_value", -Float.MAX_VALUE);
        constant("const.sqrt_half", SQRT_HALF);
        constant("const.half", 0.5f);
        constant("const.attention_scale", (float) (1.0 / Math.sqrt(hidden / heads)));
        initializers.add(OnnxTensors.int64Initializer("const.split_heads", new long[] {4}, 0, 0, heads, hidden / heads));
        initializers.add(OnnxTensors.int64Initializer("const.merge_heads", new long[] {3}, 0, 0, hidden));
        initializers.add(OnnxTensors.int64Initializer("const.zero", new long[] {}, 0));
        initializers.add(OnnxTensors.int64Initializer("const.one_int", new long[] {}, 1));
        initializers.add(OnnxTensors.int64Initializer("const.mask_axes", new long[] {2}, 1, 2));

        String x = embeddings(values, eps);
        String mask = attentionMask();
        for (int i = 0; i < layers; i++) {
            x = layer(i, x, mask, eps);
        }
        node("/output/Identity", "Identity", List.of(x), List.of("last_hidden_state"));

        return GraphProtos.encoderModel("nerco_bert_encoder", true, hidden, initializers, nodes);
    }

    /** word + position + token type, then LayerNorm. */
    private String embeddings(Map<String, FloatTensor> values, float eps) {
        node("/embeddings/word_embeddings/Gather", "Gather", List.of("embeddings.word_embeddings.weight", "input_ids"),
                List.of("/embeddings/word"));
        node("/embeddings/Shape", "Shape", List.of("input_ids"), List.of("/embeddings/shape"));
        node("/embeddings/seq_length", "Gather", List.of("/embeddings/shape", "const.one_int"), List.of("/embeddings/seq"),
                intAttribute("axis", 0));
        node("/embeddings/Range", "Range", List.of("const.zero", "/embeddings/seq", "const.one_int"), List.of("/embeddings/positions"));
        node("/embeddings/position_embeddings/Gather", "Gather",
                List.of("embeddings.position_embeddings.weight", "/embeddings/positions"), List.of("/embeddings/position"));
        node("/embeddings/Add", "Add", List.of("/embeddings/word", "/embeddings/position"), List.of("/embeddings/word_position"));
        String sum = "/embeddings/word_position";
        if (values.containsKey("embeddings.token_type_embeddings.weight")) {
            node("/embeddings/token_type_embeddings/Gather", "Gather",
                    List.of("embeddings.token_type_embeddings.weight", "token_type_ids"), List.of("/embeddings/token_type"));
            node("/embeddings/Add_1", "Add", List.of(sum, "/embeddings/token_type"), List.of("/embeddings/sum"));
            sum = "/embeddings/sum";
        }
        return layerNorm("/embeddings/LayerNorm", sum, "embeddings.LayerNorm", eps);
    }

    /** {@code (1 - mask) * -FLT_MAX} as [batch, 1, 1, seq], added to every attention score. */
    private String attentionMask() {
        node("/mask/Cast", "Cast", List.of("attention_mask"), List.of("/mask/float"),
                intAttribute("to", TensorProto.DataType.FLOAT_VALUE));
        node("/mask/Sub", "Sub", List.of("const.one", "/mask/float"), List.of("/mask/inverted"));
        node("/mask/Mul", "Mul", List.of("/mask/inverted", "const.mask_value"), List.of("/mask/additive"));
        node("/mask/Unsqueeze", "Unsqueeze", List.of("/mask/additive", "const.mask_axes"), List.of("/mask/broadcast"));
        return "/mask/broadcast";
    }

    private String layer(int i, String x, String mask, float eps) {
        String n = "/encoder/layer." + i + "/";
        String k = "encoder.layer." + i + ".";
        String q = heads(linear(n + "attention/self/query", x, k + "attention.self.query"), n + "attention/self/query", 0, 2, 1, 3);
        String keyT = heads(linear(n + "attention/self/key", x, k + "attention.self.key"), n + "attention/self/key", 0, 2, 3, 1);
        String v = heads(linear(n + "attention/self/value", x, k + "attention.self.value"), n + "attention/self/value", 0, 2, 1, 3);
        String s = n + "attention/self/";
        node(s + "MatMul", "MatMul", List.of(q, keyT), List.of(s + "scores"));
        node(s + "Mul", "Mul", List.of(s + "scores", "const.attention_scale"), List.of(s + "scaled"));
        node(s + "Add", "Add", List.of(s + "scaled", mask), List.of(s + "masked"));
        node(s + "Softmax", "Softmax", List.of(s + "masked"), List.of(s + "probs"), intAttribute("axis", -1));
        node(s + "MatMul_1", "MatMul", List.of(s + "probs", v), List.of(s + "context"));
        node(s + "Transpose", "Transpose", List.of(s + "context"), List.of(s + "context_t"), intsAttribute("perm", 0, 2, 1, 3));
        node(s + "Reshape", "Reshape", List.of(s + "context_t", "const.merge_heads"), List.of(s + "merged"));
        String attention = linear(n + "attention/output/dense", s + "merged", k + "attention.output.dense");
        node(n + "attention/output/Add", "Add", List.of(attention, x), List.of(n + "attention/output/residual"));
        String x1 = layerNorm(n + "attention/output/LayerNorm", n + "attention/output/residual", k + "attention.output.LayerNorm", eps);
        String inner = gelu(n + "intermediate/intermediate_act_fn/", linear(n + "intermediate/dense", x1, k + "intermediate.dense"));
        String out = linear(n + "output/dense", inner, k + "output.dense");
        node(n + "output/Add", "Add", List.of(out, x1), List.of(n + "output/residual"));
        return layerNorm(n + "output/LayerNorm", n + "output/residual", k + "output.LayerNorm", eps);
    }

    /** [batch, seq, hidden] to [batch, heads, seq, size] (or, for keys, [batch, heads, size, seq]). */
    private String heads(String in, String prefix, long... perm) {
        node(prefix + "/Reshape", "Reshape", List.of(in, "const.split_heads"), List.of(prefix + "/split"));
        node(prefix + "/Transpose", "Transpose", List.of(prefix + "/split"), List.of(prefix + "/heads"), intsAttribute("perm", perm));
        return prefix + "/heads";
    }

    private String linear(String prefix, String in, String key) {
        node(prefix + "/MatMul", "MatMul", List.of(in, key + ".weight"), List.of(prefix + "/MatMul_output"));
        node(prefix + "/Add", "Add", List.of(key + ".bias", prefix + "/MatMul_output"), List.of(prefix + "/output"));
        return prefix + "/output";
    }

    /** {@code 0.5 · x · (1 + erf(x / √2))}. */
    private String gelu(String prefix, String x) {
        node(prefix + "Mul", "Mul", List.of(x, "const.sqrt_half"), List.of(prefix + "scaled"));
        node(prefix + "Erf", "Erf", List.of(prefix + "scaled"), List.of(prefix + "erf"));
        node(prefix + "Add", "Add", List.of(prefix + "erf", "const.one"), List.of(prefix + "erf_plus_one"));
        node(prefix + "Mul_1", "Mul", List.of(x, prefix + "erf_plus_one"), List.of(prefix + "product"));
        node(prefix + "Mul_2", "Mul", List.of(prefix + "product", "const.half"), List.of(prefix + "output"));
        return prefix + "output";
    }

    private String layerNorm(String name, String in, String key, float eps) {
        node(name + "/LayerNormalization", "LayerNormalization", List.of(in, key + ".weight", key + ".bias"),
                List.of(name + "/output"), intAttribute("axis", -1), floatAttribute("epsilon", eps));
        return name + "/output";
    }

    private void constant(String name, float value) {
        initializers.add(OnnxTensors.floatInitializer(name, new FloatTensor(new long[] {}, new float[] {value})));
    }

    private void node(String name, String op, List<String> in, List<String> out, AttributeProto... attributes) {
        nodes.add(GraphProtos.node(name, op, in, out, attributes));
    }

}
