package io.nerco.bench;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the FLOP count needs from an ONNX graph: the weight shapes of its matrix products
 * ({@code MatMul}, {@code Gemm}, {@code MatMulInteger}, {@code com.microsoft:DynamicQuantizeMatMul}
 * whose weight is an initialiser) and the number of {@code Softmax} nodes (one per attention
 * layer in a BERT-style encoder). Read by streaming the protobuf and skipping tensor data, so a
 * 90 MB encoder costs a pass over the file and no heap. Immutable.
 *
 * @param weightShapes [in, out] of each weight matrix, in node order
 * @param softmaxNodes number of Softmax nodes
 */
public record OnnxGraphFacts(List<long[]> weightShapes, int softmaxNodes) {

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
        try (InputStream in = new BufferedInputStream(Files.newInputStream(onnxFile), 1 << 16)) {
            return read(in);
        } catch (IOException | RuntimeException e) {
            throw new BenchInputException("cannot read ONNX graph " + onnxFile + ": " + e.getMessage(), e);
        }
    }

    static OnnxGraphFacts read(InputStream in) throws IOException {
        CodedInputStream model = CodedInputStream.newInstance(in);
        model.setSizeLimit(Integer.MAX_VALUE);
        Map<String, long[]> initializerDims = new HashMap<>();
        List<String[]> productNodes = new ArrayList<>(); // {op, weight input name}
        int softmax = 0;
        boolean sawGraph = false;
        for (int tag = model.readTag(); tag != 0; tag = model.readTag()) {
            if (WireFormat.getTagFieldNumber(tag) != 7) {
                model.skipField(tag);
                continue;
            }
            sawGraph = true;
            int graphLimit = model.pushLimit(model.readRawVarint32());
            for (int g = model.readTag(); g != 0; g = model.readTag()) {
                int field = WireFormat.getTagFieldNumber(g);
                if (field == 1) {
                    String[] node = readNode(model);
                    if (node[0].equals("Softmax")) {
                        softmax++;
                    } else if (MATRIX_PRODUCTS.contains(node[0]) && node[1] != null) {
                        productNodes.add(node);
                    }
                } else if (field == 5) {
                    readInitializer(model, initializerDims);
                } else {
                    model.skipField(g);
                }
            }
            model.popLimit(graphLimit);
        }
        if (!sawGraph) {
            throw new BenchInputException("no graph in the file");
        }
        List<long[]> shapes = new ArrayList<>();
        for (String[] node : productNodes) {
            long[] dims = initializerDims.get(node[1]);
            if (dims != null && dims.length == 2) {
                shapes.add(dims);
            }
        }
        return new OnnxGraphFacts(shapes, softmax);
    }

    /** Returns {op_type, second input} of a NodeProto. */
    private static String[] readNode(CodedInputStream in) throws IOException {
        int limit = in.pushLimit(in.readRawVarint32());
        String op = "";
        List<String> inputs = new ArrayList<>(4);
        for (int t = in.readTag(); t != 0; t = in.readTag()) {
            switch (WireFormat.getTagFieldNumber(t)) {
                case 1 -> inputs.add(in.readString());
                case 4 -> op = in.readString();
                default -> in.skipField(t);
            }
        }
        in.popLimit(limit);
        return new String[] {op, inputs.size() > 1 ? inputs.get(1) : null};
    }

    private static void readInitializer(CodedInputStream in, Map<String, long[]> out) throws IOException {
        int limit = in.pushLimit(in.readRawVarint32());
        List<Long> dims = new ArrayList<>(2);
        String name = null;
        for (int t = in.readTag(); t != 0; t = in.readTag()) {
            int field = WireFormat.getTagFieldNumber(t);
            if (field == 1 && WireFormat.getTagWireType(t) == WireFormat.WIRETYPE_LENGTH_DELIMITED) {
                int packed = in.pushLimit(in.readRawVarint32());
                while (in.getBytesUntilLimit() > 0) {
                    dims.add(in.readInt64());
                }
                in.popLimit(packed);
            } else if (field == 1) {
                dims.add(in.readInt64());
            } else if (field == 8) {
                name = in.readString();
            } else {
                in.skipField(t);
            }
        }
        in.popLimit(limit);
        if (name != null) {
            out.put(name, dims.stream().mapToLong(Long::longValue).toArray());
        }
    }
}
