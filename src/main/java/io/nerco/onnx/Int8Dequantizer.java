package io.nerco.onnx;

import io.nerco.onnx.internal.proto.NodeProto;
import io.nerco.onnx.internal.proto.TensorProto;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The float graph back from one {@link Int8Quantizer} wrote: so that a student can start from
 * the layers of a shipped int8 bundle when its fp32 export is gone. Each weight comes back as
 * {@code q · columnScale / smoothingScale}, within half a quantization step of the original.
 *
 * <ul>
 *   <li>{@code DynamicQuantizeMatMul(x_smoothed, q, scale, 0, bias)} becomes
 *       {@code Add(MatMul(x, w), bias)} under the original node name; the smoothing {@code Mul}
 *       goes once nothing reads it.</li>
 *   <li>{@code Mul(Cast(Gather(q, ids)), Gather(rowScales, ids))} becomes {@code Gather(table, ids)}.</li>
 * </ul>
 *
 * Stateless and thread-safe; the input model is not changed.
 */
public final class Int8Dequantizer {

    private static final String INT8 = Int8Quantizer.INT8;
    private static final String SMOOTHED = Int8Quantizer.SMOOTHED;
    private static final String DEQUANTIZE = Int8Quantizer.DEQUANTIZE;

    private Int8Dequantizer() {}

    /** Whether the graph holds any product {@link Int8Quantizer} wrote. */
    public static boolean isQuantized(OnnxModelFile model) {
        return model.nodes().stream().anyMatch(Int8Dequantizer::isQuantizedMatMul);
    }

    /**
     * @throws OnnxFormatException when a quantized product or lookup is not in the quantizer's form
     */
    public static OnnxModelFile dequantize(OnnxModelFile model) {
        GraphEditor editor = new GraphEditor(model);
        Map<String, NodeProto> producers = new HashMap<>();
        editor.nodes().forEach(n -> n.getOutputList().forEach(o -> producers.put(o, n)));
        List<NodeProto> rewritten = new ArrayList<>();
        for (NodeProto node : editor.nodes()) {
            if (node.getOpType().equals("DynamicQuantizeMatMul")) {
                rewritten.addAll(floatMatMul(editor, node, producers));
            } else if (isRowScaleMul(node, producers)) {
                rewritten.add(floatGather(editor, node, producers));
            } else {
                rewritten.add(node);
            }
        }
        editor.setNodes(rewritten);
        return editor.build(null, 0);
    }

    private static boolean isQuantizedMatMul(OnnxNode node) {
        return node.opType().equals("DynamicQuantizeMatMul");
    }

    private static List<NodeProto> floatMatMul(GraphEditor editor, NodeProto node, Map<String, NodeProto> producers) {
        if (node.getInputCount() < 4 || !node.getName().endsWith(INT8)) {
            throw new OnnxFormatException("DynamicQuantizeMatMul " + node.getName() + " was not written by the int8 export");
        }
        String weightName = node.getInput(1);
        TensorProto q = int8(editor, weightName);
        float[] columnScales = floats(editor, node.getInput(2));
        int rows = Math.toIntExact(q.getDims(0));
        int cols = Math.toIntExact(q.getDims(1));
        if (columnScales.length != cols) {
            throw new OnnxFormatException(weightName + " has " + cols + " columns but " + columnScales.length + " scales");
        }
        String input = node.getInput(0);
        float[] inverseRowScales = null;
        NodeProto smoothing = producers.get(input);
        if (input.endsWith(SMOOTHED) && smoothing != null && smoothing.getOpType().equals("Mul")) {
            inverseRowScales = floats(editor, smoothing.getInput(1));
            input = smoothing.getInput(0);
        }
        byte[] values = q.getRawData().toByteArray();
        float[] w = new float[rows * cols];
        for (int r = 0; r < rows; r++) {
            float rowScale = inverseRowScales == null ? 1f : inverseRowScales[r];
            for (int c = 0; c < cols; c++) {
                w[r * cols + c] = values[r * cols + c] * columnScales[c] * rowScale;
            }
        }
        String floatWeight = strip(weightName);
        editor.putInitializer(OnnxTensors.floatInitializer(floatWeight, new FloatTensor(new long[] {rows, cols}, w)));
        String name = strip(node.getName());
        boolean hasBias = node.getInputCount() > 4 && !node.getInput(4).isEmpty();
        String product = hasBias ? name + "_output_0" : node.getOutput(0);
        List<NodeProto> nodes = new ArrayList<>();
        nodes.add(NodeProto.newBuilder().setName(name).setOpType("MatMul")
                .addInput(input).addInput(floatWeight).addOutput(product).build());
        if (hasBias) {
            nodes.add(NodeProto.newBuilder().setName(name.replaceFirst("MatMul$", "Add")).setOpType("Add")
                    .addInput(product).addInput(node.getInput(4)).addOutput(node.getOutput(0)).build());
        }
        return nodes;
    }

    /** The dequantizing {@code Mul} of an int8 lookup: its inputs are a Cast of a Gather, and a Gather. */
    private static boolean isRowScaleMul(NodeProto node, Map<String, NodeProto> producers) {
        if (!node.getOpType().equals("Mul") || node.getInputCount() != 2 || !node.getName().endsWith(INT8 + DEQUANTIZE)) {
            return false;
        }
        NodeProto cast = producers.get(node.getInput(0));
        return cast != null && cast.getOpType().equals("Cast") && producers.get(cast.getInput(0)) != null;
    }

    private static NodeProto floatGather(GraphEditor editor, NodeProto mul, Map<String, NodeProto> producers) {
        NodeProto rows = producers.get(producers.get(mul.getInput(0)).getInput(0));
        NodeProto scales = producers.get(mul.getInput(1));
        if (!rows.getOpType().equals("Gather") || scales == null || !scales.getOpType().equals("Gather")) {
            throw new OnnxFormatException("int8 lookup " + mul.getName() + " is not Cast(Gather) * Gather");
        }
        String tableName = rows.getInput(0);
        String floatTable = strip(tableName);
        if (editor.initializer(floatTable).isEmpty()) {
            TensorProto q = int8(editor, tableName);
            float[] rowScales = floats(editor, scales.getInput(0));
            int count = Math.toIntExact(q.getDims(0));
            int width = Math.toIntExact(q.getDims(1));
            byte[] values = q.getRawData().toByteArray();
            float[] t = new float[count * width];
            for (int r = 0; r < count; r++) {
                for (int c = 0; c < width; c++) {
                    t[r * width + c] = values[r * width + c] * rowScales[r];
                }
            }
            editor.putInitializer(OnnxTensors.floatInitializer(floatTable, new FloatTensor(new long[] {count, width}, t)));
        }
        String name = strip(mul.getName().substring(0, mul.getName().length() - DEQUANTIZE.length()));
        return NodeProto.newBuilder().setName(name).setOpType("Gather")
                .addInput(floatTable).addInput(rows.getInput(1)).addOutput(mul.getOutput(0)).build();
    }

    private static TensorProto int8(GraphEditor editor, String name) {
        Optional<TensorProto> t = editor.initializer(name);
        if (t.isEmpty() || t.get().getDataType() != TensorProto.DataType.INT8_VALUE || t.get().getDimsCount() != 2
                || !t.get().hasRawData() || !name.endsWith(INT8)) {
            throw new OnnxFormatException(name + " is not a 2-D int8 initialiser of the int8 export");
        }
        return t.get();
    }

    private static float[] floats(GraphEditor editor, String name) {
        return OnnxTensors.toFloatTensor(editor.initializer(name)
                .orElseThrow(() -> new OnnxFormatException("no initializer named " + name))).data();
    }

    private static String strip(String int8Name) {
        return int8Name.endsWith(INT8) ? int8Name.substring(0, int8Name.length() - INT8.length()) : int8Name;
    }
}
