package io.nerco.onnx;

import io.nerco.onnx.internal.proto.AttributeProto;
import io.nerco.onnx.internal.proto.NodeProto;
import io.nerco.onnx.internal.proto.TensorProto;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The int8 rewrite of a float graph for ONNX Runtime on CPU.
 *
 * <ul>
 *   <li>Each {@code MatMul} whose B input is a 2-D FLOAT initialiser becomes a
 *       {@code com.microsoft:DynamicQuantizeMatMul}: int8 weights with one symmetric scale
 *       per output column (zero point 0); activations are quantized at run time and stay
 *       in their original rank. Where the product feeds only an {@code Add} of a 1-D bias
 *       initialiser, that bias moves into the operator's bias input and the Add goes.</li>
 *   <li>Where the activation is the output of a {@code LayerNormalization} (BERT's Q, K, V and
 *       feed-forward inputs), it is smoothed first, as SmoothQuant does with migration strength
 *       1 but without calibration data: each channel is divided by a bound on its values,
 *       {@code 3·|gamma| + |beta|}, and the weight row multiplied by it. BERT-base's LayerNorms
 *       have a few channels far larger than the rest; one scale for the whole activation
 *       tensor then rounds the others away (a 6-layer BERT-base cased tagger: mean per-token
 *       cosine to fp32 0.65 without this, 0.99 with it, and no entity found without it).</li>
 *   <li>Each {@code LSTM} with initialiser weights becomes a {@code com.microsoft:DynamicQuantizeLSTM}
 *       (int8 weights, one scale per gate row; activations quantized at run time).</li>
 *   <li>Optionally each {@code Gather} from a 2-D FLOAT initialiser (the embedding
 *       tables of at least 2^20 values) reads an int8 table with one scale per row instead:
 *       {@code Cast(Gather(q, ids)) * Gather(scales, ids)}. This shrinks MiniLM's bundle by
 *       about 35 MB at a small accuracy cost.</li>
 * </ul>
 *
 * Stateless and thread-safe; the input model is not changed.
 */
public final class Int8Quantizer {

    private static final int INT8_MAX = 127;
    private static final long LARGE_TABLE_ELEMENTS = 1L << 20;
    /** Suffix of every int8 initialiser and node this rewrite adds; {@link Int8Dequantizer} reads by it. */
    static final String INT8 = "_int8";
    /** Suffix of a smoothed activation and of the Mul that makes it. */
    static final String SMOOTHED = "_smoothed";
    /** Suffix of the dequantizing Mul of an int8 lookup, after {@link #INT8}. */
    static final String DEQUANTIZE = "_dequantize";
    private static final float MIN_SMOOTHING_SCALE = 1e-6f;

    private Int8Quantizer() {}

    /**
     * The quantized model.
     *
     * @param quantizeEmbeddings also store embedding tables as int8
     */
    public static OnnxModelFile quantize(OnnxModelFile model, boolean quantizeEmbeddings) {
        GraphEditor editor = new GraphEditor(model);
        List<NodeProto> rewritten = new ArrayList<>();
        Set<NodeProto> absorbed = new HashSet<>();
        Map<String, NodeProto> producers = new HashMap<>();
        editor.nodes().forEach(n -> n.getOutputList().forEach(o -> producers.put(o, n)));
        Map<String, float[]> smoothed = new HashMap<>();
        for (NodeProto node : editor.nodes()) {
            if (absorbed.contains(node)) {
                continue;
            }
            if (isDefaultDomain(node, "MatMul") && editor.floatInitializer(node.getInput(1), 2).isPresent()
                    && editor.initializer(node.getInput(0)).isEmpty()) {
                Optional<NodeProto> biasAdd = biasAdd(editor, node);
                biasAdd.ifPresent(absorbed::add);
                String input = node.getInput(0);
                float[] rowScales = smoothed.get(input);
                if (rowScales == null) {
                    Optional<float[]> bound = layerNormBound(editor, producers.get(input),
                            editor.initializer(node.getInput(1)).orElseThrow().getDims(0));
                    if (bound.isPresent()) {
                        rowScales = bound.get();
                        smoothed.put(input, rowScales);
                        rewritten.add(smoothingMul(editor, input, rowScales));
                    }
                }
                rewritten.add(quantizedMatMul(editor, node, biasAdd,
                        rowScales == null ? input : input + SMOOTHED, rowScales));
            } else if (isDefaultDomain(node, "LSTM") && editor.floatInitializer(node.getInput(1), 3).isPresent()
                    && editor.floatInitializer(node.getInput(2), 3).isPresent()) {
                rewritten.add(quantizedLstm(editor, node));
            } else if (quantizeEmbeddings && isDefaultDomain(node, "Gather") && gathersRows(node)
                    && editor.floatInitializer(node.getInput(0), 2).filter(Int8Quantizer::isLargeTable).isPresent()) {
                rewritten.addAll(quantizedGather(editor, node));
            } else {
                rewritten.add(node);
            }
        }
        editor.setNodes(rewritten);
        return editor.build(GraphEditor.MICROSOFT, 1);
    }

    /** The Add that adds a bias of the product's width, when it is the product's only reader. */
    private static Optional<NodeProto> biasAdd(GraphEditor editor, NodeProto matMul) {
        String product = matMul.getOutput(0);
        if (editor.isGraphOutput(product)) {
            return Optional.empty();
        }
        List<NodeProto> readers = editor.consumers(product);
        if (readers.size() != 1 || !isDefaultDomain(readers.getFirst(), "Add")) {
            return Optional.empty();
        }
        NodeProto add = readers.getFirst();
        String other = add.getInput(0).equals(product) ? add.getInput(1) : add.getInput(0);
        long columns = editor.initializer(matMul.getInput(1)).orElseThrow().getDims(1);
        return editor.floatInitializer(other, 1).filter(b -> b.getDims(0) == columns).map(b -> add);
    }

    /**
     * Per input channel, a bound on the output of a LayerNormalization with 1-D initialiser scale
     * and shift: {@code 3·|gamma| + |beta|}. Empty when {@code producer} is no such node.
     */
    private static Optional<float[]> layerNormBound(GraphEditor editor, NodeProto producer, long channels) {
        if (producer == null || !isDefaultDomain(producer, "LayerNormalization") || producer.getInputCount() < 3) {
            return Optional.empty();
        }
        Optional<TensorProto> gamma = editor.floatInitializer(producer.getInput(1), 1).filter(t -> t.getDims(0) == channels);
        Optional<TensorProto> beta = editor.floatInitializer(producer.getInput(2), 1).filter(t -> t.getDims(0) == channels);
        if (gamma.isEmpty() || beta.isEmpty()) {
            return Optional.empty();
        }
        float[] g = OnnxTensors.toFloatTensor(gamma.get()).data();
        float[] b = OnnxTensors.toFloatTensor(beta.get()).data();
        float[] bound = new float[g.length];
        for (int j = 0; j < g.length; j++) {
            bound[j] = Math.max(MIN_SMOOTHING_SCALE, 3 * Math.abs(g[j]) + Math.abs(b[j]));
        }
        return Optional.of(bound);
    }

    /** {@code input / rowScales}, the activation side of the smoothing; the weights take the scales. */
    private static NodeProto smoothingMul(GraphEditor editor, String input, float[] rowScales) {
        float[] inverse = new float[rowScales.length];
        for (int j = 0; j < inverse.length; j++) {
            inverse[j] = 1f / rowScales[j];
        }
        editor.putInitializer(OnnxTensors.floatInitializer(input + SMOOTHED + "_inverse_scale", FloatTensor.ofVector(inverse)));
        return NodeProto.newBuilder().setName(input + SMOOTHED).setOpType("Mul")
                .addInput(input).addInput(input + SMOOTHED + "_inverse_scale").addOutput(input + SMOOTHED).build();
    }

    /**
     * @param input     the activation the quantized product reads
     * @param rowScales when not null, each weight row is multiplied by its scale before quantization
     */
    private static NodeProto quantizedMatMul(GraphEditor editor, NodeProto matMul, Optional<NodeProto> biasAdd,
            String input, float[] rowScales) {
        String weightName = matMul.getInput(1);
        FloatTensor weight = OnnxTensors.toFloatTensor(editor.initializer(weightName).orElseThrow());
        int rows = weight.dim(0);
        int cols = weight.dim(1);
        float[] w = weight.data().clone();
        if (rowScales != null) {
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    w[r * cols + c] *= rowScales[r];
                }
            }
        }
        float[] scales = new float[cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                scales[c] = Math.max(scales[c], Math.abs(w[r * cols + c]));
            }
        }
        for (int c = 0; c < cols; c++) {
            scales[c] = scales[c] == 0 ? 1f : scales[c] / INT8_MAX;
        }
        byte[] q = new byte[w.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                q[r * cols + c] = toInt8(w[r * cols + c] / scales[c]);
            }
        }
        String base = weightName + INT8;
        editor.putInitializer(OnnxTensors.int8Initializer(base, weight.shape(), q));
        editor.putInitializer(OnnxTensors.floatInitializer(base + "_scale", FloatTensor.ofVector(scales)));
        editor.putInitializer(OnnxTensors.int8Initializer(base + "_zero_point", new long[] {cols}, new byte[cols]));

        NodeProto.Builder node = NodeProto.newBuilder()
                .setName(matMul.getName() + INT8)
                .setOpType("DynamicQuantizeMatMul")
                .setDomain(GraphEditor.MICROSOFT)
                .addInput(input)
                .addInput(base)
                .addInput(base + "_scale")
                .addInput(base + "_zero_point");
        if (biasAdd.isPresent()) {
            NodeProto add = biasAdd.get();
            String product = matMul.getOutput(0);
            node.addInput(add.getInput(0).equals(product) ? add.getInput(1) : add.getInput(0))
                    .addOutput(add.getOutput(0));
        } else {
            node.addOutput(matMul.getOutput(0));
        }
        return node.build();
    }

    /**
     * {@code LSTM} → {@code com.microsoft:DynamicQuantizeLSTM}: input and recurrent weights as int8
     * with one symmetric scale per direction and gate row, stored transposed ([directions, in, 4·hidden])
     * as that operator reads them; the biases, lengths and attributes stay as they are.
     */
    private static NodeProto quantizedLstm(GraphEditor editor, NodeProto lstm) {
        NodeProto.Builder node = NodeProto.newBuilder()
                .setName(lstm.getName() + INT8)
                .setOpType("DynamicQuantizeLSTM")
                .setDomain(GraphEditor.MICROSOFT)
                .addInput(lstm.getInput(0));
        List<String> scaleInputs = new ArrayList<>();
        for (int input = 1; input <= 2; input++) {
            String name = lstm.getInput(input);
            FloatTensor weight = OnnxTensors.toFloatTensor(editor.initializer(name).orElseThrow());
            int directions = weight.dim(0);
            int gates = weight.dim(1);
            int width = weight.dim(2);
            float[] w = weight.data();
            float[] scales = new float[directions * gates];
            for (int d = 0; d < directions; d++) {
                for (int g = 0; g < gates; g++) {
                    float max = 0;
                    for (int i = 0; i < width; i++) {
                        max = Math.max(max, Math.abs(w[(d * gates + g) * width + i]));
                    }
                    scales[d * gates + g] = max == 0 ? 1f : max / INT8_MAX;
                }
            }
            byte[] q = new byte[w.length];
            for (int d = 0; d < directions; d++) {
                for (int g = 0; g < gates; g++) {
                    for (int i = 0; i < width; i++) {
                        q[(d * width + i) * gates + g] = toInt8(w[(d * gates + g) * width + i] / scales[d * gates + g]);
                    }
                }
            }
            String base = name + INT8;
            long[] perGate = {directions, gates};
            editor.putInitializer(OnnxTensors.int8Initializer(base, new long[] {directions, width, gates}, q));
            editor.putInitializer(OnnxTensors.floatInitializer(base + "_scale", new FloatTensor(perGate, scales)));
            editor.putInitializer(OnnxTensors.int8Initializer(base + "_zero_point", perGate, new byte[scales.length]));
            node.addInput(base);
            scaleInputs.add(base + "_scale");
            scaleInputs.add(base + "_zero_point");
        }
        for (int input = 3; input <= 7; input++) { // B, sequence_lens, initial_h, initial_c, P; "" where absent
            node.addInput(input < lstm.getInputCount() ? lstm.getInput(input) : "");
        }
        return node.addAllInput(scaleInputs).addAllOutput(lstm.getOutputList()).addAllAttribute(lstm.getAttributeList()).build();
    }

    /** {@code Gather(table, ids)} → {@code Cast(Gather(q, ids), FLOAT) * Gather(rowScales, ids)}. */
    private static List<NodeProto> quantizedGather(GraphEditor editor, NodeProto gather) {
        String tableName = gather.getInput(0);
        String base = tableName + INT8;
        if (editor.initializer(base).isEmpty()) {
            FloatTensor table = OnnxTensors.toFloatTensor(editor.initializer(tableName).orElseThrow());
            int rows = table.dim(0);
            int cols = table.dim(1);
            float[] t = table.data();
            float[] scales = new float[rows];
            byte[] q = new byte[t.length];
            for (int r = 0; r < rows; r++) {
                float max = 0;
                for (int c = 0; c < cols; c++) {
                    max = Math.max(max, Math.abs(t[r * cols + c]));
                }
                scales[r] = max == 0 ? 1f : max / INT8_MAX;
                for (int c = 0; c < cols; c++) {
                    q[r * cols + c] = toInt8(t[r * cols + c] / scales[r]);
                }
            }
            editor.putInitializer(OnnxTensors.int8Initializer(base, table.shape(), q));
            // [rows, 1], so the gathered scales broadcast over the hidden axis.
            editor.putInitializer(OnnxTensors.floatInitializer(base + "_scale", new FloatTensor(new long[] {rows, 1}, scales)));
        }
        String ids = gather.getInput(1);
        String prefix = gather.getName().isEmpty() ? gather.getOutput(0) : gather.getName();
        NodeProto rowsInt8 = NodeProto.newBuilder().setName(prefix + INT8).setOpType("Gather")
                .addInput(base).addInput(ids).addOutput(prefix + INT8 + "_rows").build();
        NodeProto rowScales = NodeProto.newBuilder().setName(prefix + INT8 + "_scale").setOpType("Gather")
                .addInput(base + "_scale").addInput(ids).addOutput(prefix + INT8 + "_row_scales").build();
        NodeProto cast = NodeProto.newBuilder().setName(prefix + INT8 + "_cast").setOpType("Cast")
                .addInput(prefix + INT8 + "_rows").addOutput(prefix + INT8 + "_rows_float")
                .addAttribute(AttributeProto.newBuilder().setName("to").setType(AttributeProto.AttributeType.INT)
                        .setI(TensorProto.DataType.FLOAT_VALUE))
                .build();
        NodeProto scale = NodeProto.newBuilder().setName(prefix + INT8 + DEQUANTIZE).setOpType("Mul")
                .addInput(prefix + INT8 + "_rows_float").addInput(prefix + INT8 + "_row_scales")
                .addOutput(gather.getOutput(0)).build();
        return List.of(rowsInt8, rowScales, cast, scale);
    }

    /**
     * Only tables big enough to matter for the file size (MiniLM's word embeddings, not its
     * 0.8 MB position table): each int8 lookup costs a Cast and a Mul at run time.
     */
    private static boolean isLargeTable(TensorProto table) {
        return table.getDims(0) * table.getDims(1) >= LARGE_TABLE_ELEMENTS;
    }

    /** Only row lookups (axis 0) have one scale per gathered row. */
    private static boolean gathersRows(NodeProto gather) {
        return gather.getAttributeList().stream().noneMatch(a -> a.getName().equals("axis") && a.getI() != 0);
    }

    private static boolean isDefaultDomain(NodeProto node, String opType) {
        return node.getOpType().equals(opType) && (node.getDomain().isEmpty() || node.getDomain().equals("ai.onnx"));
    }

    private static byte toInt8(float scaled) {
        return (byte) Math.max(-INT8_MAX, Math.min(INT8_MAX, Math.round(scaled)));
    }
}
