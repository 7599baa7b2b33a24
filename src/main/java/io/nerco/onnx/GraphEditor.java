package io.nerco.onnx;

import io.nerco.onnx.internal.proto.GraphProto;
import io.nerco.onnx.internal.proto.ModelProto;
import io.nerco.onnx.internal.proto.NodeProto;
import io.nerco.onnx.internal.proto.OperatorSetIdProto;
import io.nerco.onnx.internal.proto.TensorProto;
import io.nerco.onnx.internal.proto.ValueInfoProto;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A mutable copy of a model's graph for rewrites: nodes in order, initialisers by name, who
 * consumes what. {@link #build()} drops what became unused and returns the new model. Not
 * thread-safe; one rewrite at a time.
 */
final class GraphEditor {

    static final String MICROSOFT = "com.microsoft";

    private final ModelProto original;
    private final List<NodeProto> nodes;
    private final Map<String, TensorProto> initializers;
    private final Set<String> graphOutputs = new HashSet<>();

    GraphEditor(OnnxModelFile model) {
        this.original = model.proto();
        GraphProto g = original.getGraph();
        this.nodes = new ArrayList<>(g.getNodeList());
        this.initializers = new LinkedHashMap<>();
        g.getInitializerList().forEach(t -> initializers.put(t.getName(), t));
        g.getOutputList().forEach(o -> graphOutputs.add(o.getName()));
    }

    List<NodeProto> nodes() {
        return nodes;
    }

    Optional<TensorProto> initializer(String name) {
        return Optional.ofNullable(initializers.get(name));
    }

    /** A FLOAT initialiser of the given rank, if {@code name} is one. */
    Optional<TensorProto> floatInitializer(String name, int rank) {
        return initializer(name).filter(t -> t.getDataType() == TensorProto.DataType.FLOAT_VALUE
                && t.getDimsCount() == rank);
    }

    void putInitializer(TensorProto t) {
        initializers.put(t.getName(), t);
    }

    boolean isGraphOutput(String value) {
        return graphOutputs.contains(value);
    }

    /** Nodes that read {@code value}, in graph order. */
    List<NodeProto> consumers(String value) {
        List<NodeProto> found = new ArrayList<>();
        for (NodeProto n : nodes) {
            if (n.getInputList().contains(value)) {
                found.add(n);
            }
        }
        return found;
    }

    /** Replaces the nodes in graph order; the caller keeps the list topologically sorted. */
    void setNodes(List<NodeProto> newNodes) {
        nodes.clear();
        nodes.addAll(newNodes);
    }

    /**
     * The rewritten model: nodes whose outputs nobody reads are dropped (repeatedly), then
     * initialisers, graph inputs and value infos that no longer belong to anything, and the
     * given extra opset is imported.
     */
    OnnxModelFile build(String extraDomain, long extraVersion) {
        removeDeadNodes();
        Set<String> used = new HashSet<>();
        Set<String> produced = new HashSet<>();
        for (NodeProto n : nodes) {
            used.addAll(n.getInputList());
            produced.addAll(n.getOutputList());
        }
        used.addAll(graphOutputs);
        GraphProto g = original.getGraph();
        GraphProto.Builder graph = g.toBuilder().clearNode().clearInitializer().clearValueInfo().clearInput();
        graph.addAllNode(nodes);
        initializers.values().stream().filter(t -> used.contains(t.getName())).forEach(graph::addInitializer);
        for (ValueInfoProto in : g.getInputList()) {
            if (!initializers.containsKey(in.getName()) || used.contains(in.getName())) {
                graph.addInput(in);
            }
        }
        for (ValueInfoProto v : g.getValueInfoList()) {
            if (produced.contains(v.getName())) {
                graph.addValueInfo(v);
            }
        }
        ModelProto.Builder model = original.toBuilder().setGraph(graph);
        if (extraDomain != null && model.getOpsetImportList().stream().noneMatch(o -> o.getDomain().equals(extraDomain))) {
            model.addOpsetImport(OperatorSetIdProto.newBuilder().setDomain(extraDomain).setVersion(extraVersion));
        }
        return new OnnxModelFile(model.build());
    }

    private void removeDeadNodes() {
        boolean changed = true;
        while (changed) {
            Set<String> read = new HashSet<>(graphOutputs);
            nodes.forEach(n -> read.addAll(n.getInputList()));
            changed = nodes.removeIf(n -> n.getOutputList().stream().noneMatch(read::contains));
        }
    }
}
