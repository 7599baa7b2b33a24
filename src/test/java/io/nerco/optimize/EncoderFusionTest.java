package io.nerco.optimize;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import com.google.protobuf.ByteString;
import io.nerco.onnx.internal.proto.AttributeProto;
import io.nerco.onnx.internal.proto.GraphProto;
import io.nerco.onnx.internal.proto.ModelProto;
import io.nerco.onnx.internal.proto.NodeProto;
import io.nerco.onnx.internal.proto.OperatorSetIdProto;
import io.nerco.onnx.internal.proto.TensorProto;
import io.nerco.onnx.internal.proto.TensorShapeProto;
import io.nerco.onnx.internal.proto.TypeProto;
import io.nerco.onnx.internal.proto.ValueInfoProto;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * One BERT layer's attention and residual LayerNorm, written node by node as PyTorch exports
 * them (opset 11: additive float-min mask, Reshape to heads, decomposed LayerNorm), fused and
 * run in ONNX Runtime beside the original on inputs with padding.
 */
class EncoderFusionTest {

    private static final int HIDDEN = 8;
    private static final int HEADS = 2;
    private static final Random RANDOM = new Random(3);

    @Test
    void fusesAttentionAndSkipLayerNormAndComputesTheSame() throws Exception {
        ModelProto original = layer(2f);

        EncoderFusion.Result result = EncoderFusion.fuse(original);

        assertThat(result.attentions()).isEqualTo(1);
        assertThat(result.skipLayerNorms()).isEqualTo(1);
        List<String> ops = result.model().getGraph().getNodeList().stream().map(NodeProto::getOpType).toList();
        assertThat(ops).contains("MultiHeadAttention", "SkipLayerNormalization", "Cast")
                .doesNotContain("Softmax", "ReduceMean", "Transpose", "Reshape", "Sqrt");
        assertThat(result.nodesAfter()).isLessThan(result.nodesBefore());
        assertThat(result.model().getOpsetImportList()).extracting(OperatorSetIdProto::getDomain).contains("com.microsoft");

        long[][] mask = {{1, 1, 1, 1, 1}, {1, 1, 1, 0, 0}};
        float[] hidden = new float[2 * 5 * HIDDEN];
        for (int i = 0; i < hidden.length; i++) {
            hidden[i] = (float) RANDOM.nextGaussian();
        }
        float[] expected = run(original, hidden, mask);
        float[] actual = run(result.model(), hidden, mask);
        double max = 0;
        for (int i = 0; i < expected.length; i++) {
            max = Math.max(max, Math.abs(expected[i] - actual[i]));
        }
        assertThat(max).isLessThan(1e-4);
    }

    @Test
    void aLayerNormThatSquaresNothingIsLeftAlone() {
        EncoderFusion.Result result = EncoderFusion.fuse(layer(3f));

        assertThat(result.skipLayerNorms()).isZero();
        assertThat(result.attentions()).isEqualTo(1);
        assertThat(result.model().getGraph().getNodeList()).extracting(NodeProto::getOpType).contains("ReduceMean", "Pow");
    }

    /** The graph: hidden [B, S, 8] and attention_mask [B, S] in, LayerNorm(attention(hidden) + hidden) out. */
    private static ModelProto layer(float powExponent) {
        GraphProto.Builder g = GraphProto.newBuilder().setName("layer");
        g.addInput(value("hidden", TensorProto.DataType.FLOAT, "B", "S", HIDDEN));
        g.addInput(value("attention_mask", TensorProto.DataType.INT64, "B", "S"));
        g.addOutput(value("out", TensorProto.DataType.FLOAT, "B", "S", HIDDEN));
        // additive mask (1 - mask) * float-min, [B, 1, 1, S]
        g.addNode(node("Unsqueeze", List.of("attention_mask"), "m1", ints("axes", 1)));
        g.addNode(node("Unsqueeze", List.of("m1"), "m2", ints("axes", 2)));
        g.addNode(node("Cast", List.of("m2"), "m3", AttributeProto.newBuilder().setName("to")
                .setType(AttributeProto.AttributeType.INT).setI(TensorProto.DataType.FLOAT.getNumber()).build()));
        g.addInitializer(scalar("one", 1f));
        g.addInitializer(scalar("min", -Float.MAX_VALUE));
        g.addNode(node("Sub", List.of("one", "m3"), "m4"));
        g.addNode(node("Mul", List.of("m4", "min"), "mask_term"));
        g.addInitializer(longs("heads_shape", 0, 0, HEADS, HIDDEN / HEADS));
        g.addInitializer(longs("merged_shape", 0, 0, HIDDEN));
        for (String p : List.of("q", "k", "v")) {
            g.addInitializer(matrix("w_" + p));
            g.addNode(node("MatMul", List.of("hidden", "w_" + p), p));
            g.addNode(node("Reshape", List.of(p, "heads_shape"), p + "_heads"));
            g.addNode(node("Transpose", List.of(p + "_heads"), p + "_t", ints("perm", 0, 2, p.equals("k") ? 3 : 1, p.equals("k") ? 1 : 3)));
        }
        g.addNode(node("MatMul", List.of("q_t", "k_t"), "scores"));
        g.addInitializer(scalar("sqrt_head", (float) Math.sqrt(HIDDEN / HEADS)));
        g.addNode(node("Div", List.of("scores", "sqrt_head"), "scaled"));
        g.addNode(node("Add", List.of("scaled", "mask_term"), "masked"));
        g.addNode(node("Softmax", List.of("masked"), "probs", AttributeProto.newBuilder().setName("axis")
                .setType(AttributeProto.AttributeType.INT).setI(3).build()));
        g.addNode(node("MatMul", List.of("probs", "v_t"), "context"));
        g.addNode(node("Transpose", List.of("context"), "context_t", ints("perm", 0, 2, 1, 3)));
        g.addNode(node("Reshape", List.of("context_t", "merged_shape"), "attention"));
        // residual + decomposed LayerNorm
        g.addNode(node("Add", List.of("attention", "hidden"), "x"));
        g.addNode(node("ReduceMean", List.of("x"), "mean", ints("axes", -1)));
        g.addNode(node("Sub", List.of("x", "mean"), "d"));
        g.addInitializer(scalar("two", powExponent));
        g.addNode(node("Pow", List.of("d", "two"), "d2"));
        g.addNode(node("ReduceMean", List.of("d2"), "var", ints("axes", -1)));
        g.addInitializer(scalar("eps", 1e-12f));
        g.addNode(node("Add", List.of("var", "eps"), "var_eps"));
        g.addNode(node("Sqrt", List.of("var_eps"), "std"));
        g.addNode(node("Div", List.of("d", "std"), "normed"));
        g.addInitializer(vector("gamma"));
        g.addInitializer(vector("beta"));
        g.addNode(node("Mul", List.of("normed", "gamma"), "scaled_normed"));
        g.addNode(node("Add", List.of("scaled_normed", "beta"), "out"));
        return ModelProto.newBuilder().setIrVersion(7).setProducerName("EncoderFusionTest").setGraph(g)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(11)).build();
    }

    private static float[] run(ModelProto model, float[] hidden, long[][] mask) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        long batch = mask.length;
        long seq = mask[0].length;
        LongBuffer maskBuffer = LongBuffer.allocate((int) (batch * seq));
        for (long[] row : mask) {
            maskBuffer.put(row);
        }
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
                OrtSession session = env.createSession(model.toByteArray(), options);
                OnnxTensor h = OnnxTensor.createTensor(env, FloatBuffer.wrap(hidden), new long[] {batch, seq, HIDDEN});
                OnnxTensor m = OnnxTensor.createTensor(env, maskBuffer.flip(), new long[] {batch, seq});
                OrtSession.Result result = session.run(Map.of("hidden", h, "attention_mask", m))) {
            FloatBuffer out = ((OnnxTensor) result.get(0)).getFloatBuffer();
            float[] values = new float[out.remaining()];
            out.get(values);
            return values;
        }
    }

    private static NodeProto node(String op, List<String> inputs, String output, AttributeProto... attributes) {
        return NodeProto.newBuilder().setOpType(op).setName(output + "_" + op).addAllInput(inputs).addOutput(output)
                .addAllAttribute(List.of(attributes)).build();
    }

    private static AttributeProto ints(String name, long... values) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long v : values) {
            a.addInts(v);
        }
        return a.build();
    }

    private static ValueInfoProto value(String name, TensorProto.DataType type, Object... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (Object d : dims) {
            shape.addDim(d instanceof Integer i ? TensorShapeProto.Dimension.newBuilder().setDimValue(i)
                    : TensorShapeProto.Dimension.newBuilder().setDimParam(d.toString()));
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(type.getNumber()).setShape(shape))).build();
    }

    private static TensorProto floats(String name, long[] dims, float[] values) {
        ByteBuffer raw = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            raw.putFloat(v);
        }
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT.getNumber())
                .setRawData(ByteString.copyFrom(raw.array()));
        for (long d : dims) {
            t.addDims(d);
        }
        return t.build();
    }

    private static TensorProto scalar(String name, float value) {
        return floats(name, new long[0], new float[] {value});
    }

    private static TensorProto vector(String name) {
        float[] v = new float[HIDDEN];
        for (int i = 0; i < v.length; i++) {
            v[i] = 1 + 0.1f * (float) RANDOM.nextGaussian();
        }
        return floats(name, new long[] {HIDDEN}, v);
    }

    private static TensorProto matrix(String name) {
        float[] v = new float[HIDDEN * HIDDEN];
        for (int i = 0; i < v.length; i++) {
            v[i] = 0.5f * (float) RANDOM.nextGaussian();
        }
        return floats(name, new long[] {HIDDEN, HIDDEN}, v);
    }

    private static TensorProto longs(String name, long... values) {
        ByteBuffer raw = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : values) {
            raw.putLong(v);
        }
        return TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.INT64.getNumber())
                .addDims(values.length).setRawData(ByteString.copyFrom(raw.array())).build();
    }
}
