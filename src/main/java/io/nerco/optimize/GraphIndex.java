package io.nerco.optimize;

import io.nerco.onnx.internal.proto.AttributeProto;
import io.nerco.onnx.internal.proto.GraphProto;
import io.nerco.onnx.internal.proto.NodeProto;
import io.nerco.onnx.internal.proto.TensorProto;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Who produces and who consumes each value of a graph, and the values of small constants
 * (Constant nodes or initialisers) read from their raw data. A snapshot: build a new index
 * after changing the graph. Not thread-safe.
 */
final class GraphIndex {

    private final Map<String, NodeProto> producers = new HashMap<>();
    private final Map<String, List<NodeProto>> consumers = new HashMap<>();
    private final Map<String, TensorProto> initializers = new HashMap<>();
    private final Map<String, TensorProto> constants = new HashMap<>();
    private final java.util.Set<String> graphOutputs = new java.util.HashSet<>();

    GraphIndex(GraphProto graph) {
        for (TensorProto t : graph.getInitializerList()) {
            initializers.put(t.getName(), t);
            constants.put(t.getName(), t);
        }
        for (NodeProto node : graph.getNodeList()) {
            for (String out : node.getOutputList()) {
                producers.put(out, node);
            }
            for (String in : node.getInputList()) {
                if (!in.isEmpty()) {
                    consumers.computeIfAbsent(in, k -> new ArrayList<>()).add(node);
                }
            }
            if (node.getOpType().equals("Constant") && node.getDomain().isEmpty()) {
                node.getAttributeList().stream().filter(a -> a.getName().equals("value") && a.hasT())
                        .findFirst().ifPresent(a -> constants.put(node.getOutput(0), a.getT()));
            }
        }
        graph.getOutputList().forEach(v -> graphOutputs.add(v.getName()));
    }

    /** The node of the default domain with this op type that produces {@code value}, if any. */
    Optional<NodeProto> producer(String value, String opType) {
        NodeProto node = producers.get(value);
        return node != null && node.getDomain().isEmpty() && node.getOpType().equals(opType) ? Optional.of(node) : Optional.empty();
    }

    Optional<NodeProto> producer(String value) {
        return Optional.ofNullable(producers.get(value));
    }

    List<NodeProto> consumers(String value) {
        return consumers.getOrDefault(value, List.of());
    }

    /** Whether only {@code expected} nodes read {@code value}, and it is no graph output. */
    boolean onlyReadBy(String value, NodeProto... expected) {
        List<NodeProto> readers = consumers(value);
        return !graphOutputs.contains(value) && readers.size() == expected.length
                && java.util.Arrays.stream(expected).allMatch(e -> readers.stream().anyMatch(r -> r == e));
    }

    boolean isGraphOutput(String value) {
        return graphOutputs.contains(value);
    }

    /** A 1-D float initialiser (LayerNorm gamma and beta). */
    boolean isFloatVectorInitializer(String value) {
        TensorProto t = initializers.get(value);
        return t != null && t.getDataType() == TensorProto.DataType.FLOAT.getNumber() && t.getDimsCount() == 1;
    }

    /** Whether a value is computed (not an initialiser or Constant). */
    boolean isComputed(String value) {
        return !constants.containsKey(value);
    }

    /** A float constant of one element. */
    Optional<Float> floatScalar(String value) {
        TensorProto t = constants.get(value);
        if (t == null || t.getDataType() != TensorProto.DataType.FLOAT.getNumber() || elements(t) != 1) {
            return Optional.empty();
        }
        if (t.getFloatDataCount() == 1) {
            return Optional.of(t.getFloatData(0));
        }
        if (t.getRawData().size() == 4) {
            return Optional.of(ByteBuffer.wrap(t.getRawData().toByteArray()).order(ByteOrder.LITTLE_ENDIAN).getFloat());
        }
        return Optional.empty();
    }

    /** An int64 constant of at most a few elements, read from raw data. */
    Optional<long[]> longs(String value) {
        TensorProto t = constants.get(value);
        if (t == null || t.getDataType() != TensorProto.DataType.INT64.getNumber() || t.getRawData().size() != 8 * elements(t)) {
            return Optional.empty();
        }
        ByteBuffer raw = ByteBuffer.wrap(t.getRawData().toByteArray()).order(ByteOrder.LITTLE_ENDIAN);
        long[] out = new long[(int) elements(t)];
        for (int i = 0; i < out.length; i++) {
            out[i] = raw.getLong();
        }
        return Optional.of(out);
    }

    private static long elements(TensorProto t) {
        long n = 1;
        for (long d : t.getDimsList()) {
            n *= d;
        }
        return n;
    }

    /** The ints of an attribute, empty when the node has none by that name. */
    static List<Long> ints(NodeProto node, String name) {
        return node.getAttributeList().stream().filter(a -> a.getName().equals(name)).findFirst()
                .map(AttributeProto::getIntsList).orElse(List.of());
    }

    /** An int attribute, or {@code fallback} when the node has none by that name. */
    static long intAttribute(NodeProto node, String name, long fallback) {
        return node.getAttributeList().stream().filter(a -> a.getName().equals(name)).findFirst()
                .map(AttributeProto::getI).orElse(fallback);
    }
}
