package io.nerco.bench;

import io.nerco.onnx.OnnxModelFile;
import io.nerco.onnx.OnnxNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the FLOP count needs from an ONNX graph: the weight shapes of its matrix products
 * ({@code MatMul}, {@code Gemm}, {@code MatMulInteger}, {@code com.microsoft:DynamicQuantizeMatMul}
 * whose weight is an initialiser, and the gate weights of {@code LSTM} and
 * {@code com.microsoft:DynamicQuantizeLSTM}, per direction) and the number of {@code Softmax} nodes (one per attention
 * layer in a BERT-style encoder; a fused {@code com.microsoft:MultiHeadAttention} or
 * {@code Attention} counts as one too). Read with io.nerco.onnx's {@link OnnxModelFile}, which holds
 * the model on the heap while this reads it. Immutable.
 *
 * @param weightShapes [in, out] of each weight matrix, in node order
 * @param softmaxNodes number of attention cores (Softmax or fused attention nodes)
 */
public record OnnxGraphFacts(List<long[]> weightShapes, int softmaxNodes) {

    /** One per attention layer: the exporter's Softmax, or the fused operators that replace it. */
    private static final Set<String> ATTENTION_CORES = Set.of("Softmax", "MultiHeadAttention", "Attention");

    private static final Set<String> RECURRENT = Set.of("LSTM", "DynamicQuantizeLSTM");

    private static final Set<String> MATRIX_PRODUCTS =
            Set.of("MatMul", "Gemm", "MatMulInteger", "DynamicQuantizeMatMul", "MatMulIntegerToFloat");

    public OnnxGraphFacts {
        weightShapes = List.copyOf(weightShapes);
    }

    /** Multiply-accumulate weights per token: the sum of in × out over all weight matrices. */
    public long matmulParameters() {
        return weightShapes.stream().mapToLong(s -> s[0] * s[1]).sum();
    }

    /** Distinct weight shapes as "in x out" with how often each occurs, in first-seen order. */
    public Map<List<Long>, Integer> shapeCounts() {
        Map<List<Long>, Integer> counts = new LinkedHashMap<>();
        for (long[] s : weightShapes) {
            counts.merge(List.of(s[0], s[1]), 1, Integer::sum);
        }
        return counts;
    }

    /**
     * @param onnxFile an ONNX model file, not null
     * @throws BenchInputException if the file cannot be read or is not an ONNX model
     */
    public static OnnxGraphFacts read(Path onnxFile) {
        OnnxModelFile model;
        try {
            model = OnnxModelFile.read(onnxFile);
        } catch (IOException | RuntimeException e) {
            throw new BenchInputException("cannot read ONNX graph " + onnxFile + ": " + e.getMessage(), e);
        }
        List<long[]> shapes = new ArrayList<>();
        int softmax = 0;
        for (OnnxNode node : model.nodes()) {
            if (ATTENTION_CORES.contains(node.opType())) {
                softmax++;
            } else if (MATRIX_PRODUCTS.contains(node.opType()) && node.inputs().size() > 1
                    && model.hasInitializer(node.inputs().get(1))) {
                long[] dims = model.initializerShape(node.inputs().get(1));
                if (dims.length == 2) {
                    shapes.add(dims);
                }
            } else if (RECURRENT.contains(node.opType())) {
                // per direction and token, the gates multiply the input by W and the previous state by R
                for (int input = 1; input <= 2 && input < node.inputs().size(); input++) {
                    if (!model.hasInitializer(node.inputs().get(input))) {
                        continue;
                    }
                    long[] dims = model.initializerShape(node.inputs().get(input));
                    for (int d = 0; dims.length == 3 && d < dims[0]; d++) {
                        // LSTM stores [directions, 4·hidden, in]; DynamicQuantizeLSTM [directions, in, 4·hidden]
                        shapes.add(node.opType().equals("LSTM") ? new long[] {dims[2], dims[1]} : new long[] {dims[1], dims[2]});
                    }
                }
            }
        }
        return new OnnxGraphFacts(shapes, softmax);
    }
}
