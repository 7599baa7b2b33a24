package io.nerco.onnx;

import static io.nerco.onnx.GraphProtos.intAttribute;
import static io.nerco.onnx.GraphProtos.intsAttribute;
import static io.nerco.onnx.GraphProtos.require;
import static io.nerco.onnx.GraphProtos.stringAttribute;

import io.nerco.onnx.internal.proto.AttributeProto;
import io.nerco.onnx.internal.proto.NodeProto;
import io.nerco.onnx.internal.proto.TensorProto;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes a trained bidirectional LSTM encoder (the trainer's {@code LstmConfig}) as an ONNX graph:
 * one {@code Gather} of word-piece rows, then one bidirectional {@code LSTM} node a layer.
 *
 * <p>The projection after the embedding table is folded into the table ({@code E·Wᵀ + b}, exact,
 * since a row gather commutes with it), so the graph's table is {@code input} wide and is the
 * {@code embeddings.word_embeddings.weight} that {@link Int8Quantizer} stores as int8. Gates are
 * reordered from PyTorch's (input, forget, cell, output) to ONNX's (input, output, forget, cell);
 * {@code sequence_lens} is the attention mask's row sum, so padding must come last in a row, as
 * the runtime pads. Stateless.
 */
public final class LstmEncoderGraph {

    /** ONNX gate block k is PyTorch's block {@code ONNX_GATE_SOURCE[k]}. */
    private static final int[] ONNX_GATE_SOURCE = {0, 3, 1, 2};
    /** The two directions, in the order their outputs are concatenated (ONNX's forward, then reverse). */
    public static final List<String> DIRECTIONS = List.of("forward", "backward");

    private final List<NodeProto> nodes = new ArrayList<>();
    private final List<TensorProto> initializers = new ArrayList<>();

    private LstmEncoderGraph() {}

    /** Key prefix of one direction of one layer, e.g. {@code lstm.0.backward.}: the trainer's names too. */
    public static String prefix(int layer, String direction) {
        return "lstm." + layer + "." + direction + ".";
    }

    /**
     * Builds the encoder.
     *
     * @param values trainer keys in PyTorch layout: {@code embeddings.word_embeddings.weight} [vocab, e],
     *               {@code embeddings.projection.weight} [input, e] and {@code .bias} [input], and for each
     *               layer l and direction d, {@code lstm.l.d.weight_ih} [4h, in], {@code weight_hh} [4h, h],
     *               {@code bias_ih} and {@code bias_hh} [4h]; layers are counted from the keys present
     * @throws IllegalArgumentException when a parameter is missing or the shapes do not fit
     */
    public static OnnxModelFile build(Map<String, FloatTensor> values) {
        return new LstmEncoderGraph().assemble(values);
    }

    private OnnxModelFile assemble(Map<String, FloatTensor> values) {
        initializers.add(OnnxTensors.floatInitializer("embeddings.word_embeddings.weight", foldedTable(values)));
        initializers.add(OnnxTensors.int64Initializer("const.row_axis", new long[] {1}, 1));
        node("/embeddings/word_embeddings/Gather", "Gather", List.of("embeddings.word_embeddings.weight", "input_ids"),
                List.of("/embeddings/word"));
        node("/lstm/Transpose", "Transpose", List.of("/embeddings/word"), List.of("/lstm/time_major"), intsAttribute("perm", 1, 0, 2));
        node("/lstm/lengths/ReduceSum", "ReduceSum", List.of("attention_mask", "const.row_axis"), List.of("/lstm/lengths64"),
                intAttribute("keepdims", 0));
        node("/lstm/lengths/Cast", "Cast", List.of("/lstm/lengths64"), List.of("/lstm/lengths"),
                intAttribute("to", TensorProto.DataType.INT32_VALUE));
        String x = "/lstm/time_major";
        int hidden = -1;
        int layers = 0;
        while (values.containsKey(prefix(layers, "forward") + "weight_ih")) {
            hidden = require(values, prefix(layers, "forward") + "weight_hh").dim(1);
            x = layer(layers, x, hidden, values);
            layers++;
        }
        if (layers == 0) {
            throw new IllegalArgumentException("no lstm.0.* parameters");
        }
        node("/output/Transpose", "Transpose", List.of(x), List.of("last_hidden_state"), intsAttribute("perm", 1, 0, 2));
        return GraphProtos.encoderModel("nerco_bilstm_encoder", false, 2 * hidden, initializers, nodes);
    }

    /** [seq, batch, in] → [seq, batch, 2·hidden], forward then backward. */
    private String layer(int l, String x, int hidden, Map<String, FloatTensor> values) {
        String key = "lstm." + l + ".";
        String n = "/lstm/layer." + l + "/";
        List<FloatTensor> w = new ArrayList<>();
        List<FloatTensor> r = new ArrayList<>();
        List<FloatTensor> b = new ArrayList<>();
        for (String d : DIRECTIONS) {
            String p = prefix(l, d);
            w.add(onnxGates(require(values, p + "weight_ih"), hidden));
            r.add(onnxGates(require(values, p + "weight_hh"), hidden));
            b.add(concat(onnxGates(require(values, p + "bias_ih"), hidden),
                    onnxGates(require(values, p + "bias_hh"), hidden)));
        }
        initializers.add(OnnxTensors.floatInitializer(key + "W", stack(w)));
        initializers.add(OnnxTensors.floatInitializer(key + "R", stack(r)));
        initializers.add(OnnxTensors.floatInitializer(key + "B", stack(b)));
        initializers.add(OnnxTensors.int64Initializer(key + "merge_directions", new long[] {3}, 0, 0, 2L * hidden));
        node(n + "LSTM", "LSTM", List.of(x, key + "W", key + "R", key + "B", "/lstm/lengths"), List.of(n + "Y"),
                intAttribute("hidden_size", hidden), stringAttribute("direction", "bidirectional"));
        // Y is [seq, directions, batch, hidden]
        node(n + "Transpose", "Transpose", List.of(n + "Y"), List.of(n + "Y_t"), intsAttribute("perm", 0, 2, 1, 3));
        node(n + "Reshape", "Reshape", List.of(n + "Y_t", key + "merge_directions"), List.of(n + "output"));
        return n + "output";
    }

    /** The table with the projection applied to every row: [vocab, input]. */
    private static FloatTensor foldedTable(Map<String, FloatTensor> values) {
        FloatTensor table = require(values, "embeddings.word_embeddings.weight");
        FloatTensor weight = require(values, "embeddings.projection.weight");
        FloatTensor bias = require(values, "embeddings.projection.bias");
        int vocab = table.dim(0);
        int e = table.dim(1);
        int input = weight.dim(0);
        if (weight.dim(1) != e || bias.dim(0) != input) {
            throw new IllegalArgumentException("projection " + java.util.Arrays.toString(weight.shape())
                    + " does not fit a table of width " + e);
        }
        float[] t = table.data();
        float[] wt = weight.data();
        float[] folded = new float[Math.multiplyExact(vocab, input)];
        for (int v = 0; v < vocab; v++) {
            for (int o = 0; o < input; o++) {
                float sum = bias.data()[o];
                for (int i = 0; i < e; i++) {
                    sum += t[v * e + i] * wt[o * e + i];
                }
                folded[v * input + o] = sum;
            }
        }
        return new FloatTensor(new long[] {vocab, input}, folded);
    }

    /** Rows (or elements) of four gate blocks of {@code hidden} each, in ONNX order. */
    private static FloatTensor onnxGates(FloatTensor pytorch, int hidden) {
        if (pytorch.dim(0) != 4 * hidden) {
            throw new IllegalArgumentException("expected " + 4 * hidden + " gate rows, got " + pytorch.dim(0));
        }
        int row = pytorch.data().length / (4 * hidden);
        int block = hidden * row;
        float[] out = new float[pytorch.data().length];
        for (int k = 0; k < 4; k++) {
            System.arraycopy(pytorch.data(), ONNX_GATE_SOURCE[k] * block, out, k * block, block);
        }
        return new FloatTensor(pytorch.shape(), out);
    }

    private static FloatTensor concat(FloatTensor a, FloatTensor b) {
        float[] out = new float[a.data().length + b.data().length];
        System.arraycopy(a.data(), 0, out, 0, a.data().length);
        System.arraycopy(b.data(), 0, out, a.data().length, b.data().length);
        return new FloatTensor(new long[] {out.length}, out);
    }

    /** Same-shaped tensors stacked on a new first axis. */
    private static FloatTensor stack(List<FloatTensor> parts) {
        int size = parts.getFirst().data().length;
        float[] out = new float[size * parts.size()];
        for (int i = 0; i < parts.size(); i++) {
            System.arraycopy(parts.get(i).data(), 0, out, i * size, size);
        }
        long[] shape = new long[parts.getFirst().rank() + 1];
        shape[0] = parts.size();
        System.arraycopy(parts.getFirst().shape(), 0, shape, 1, shape.length - 1);
        return new FloatTensor(shape, out);
    }

    private void node(String name, String op, List<String> in, List<String> out, AttributeProto... attributes) {
        nodes.add(GraphProtos.node(name, op, in, out, attributes));
    }

}
