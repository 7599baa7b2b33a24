package io.nerco.optimize;

import io.nerco.onnx.internal.proto.AttributeProto;
import io.nerco.onnx.internal.proto.GraphProto;
import io.nerco.onnx.internal.proto.ModelProto;
import io.nerco.onnx.internal.proto.NodeProto;
import io.nerco.onnx.internal.proto.OperatorSetIdProto;
import io.nerco.onnx.internal.proto.TensorProto;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Rewrites a BERT-style encoder graph (as exported from PyTorch, or as
 * {@code io.nerco.onnx.BertEncoderGraph} writes it) into ONNX Runtime's fused
 * {@code com.microsoft} operators, which ORT's own optimiser did not apply to this project's
 * int8 encoders:
 *
 * <ul>
 *   <li><b>SkipLayerNormalization</b> for a residual {@code Add} followed by the decomposed
 *       LayerNorm (ReduceMean, Sub, Pow 2, ReduceMean, Add eps, Sqrt, Div, Mul gamma, Add beta),
 *       or by one {@code LayerNormalization} over the last axis.</li>
 *   <li><b>Gelu</b> for GELU in its erf form, {@code x · (1 + erf(x / √2)) · 0.5}, with the
 *       division written as {@code Div} by √2 or {@code Mul} by 1/√2. In the project's BERT
 *       graphs ORT left it as five nodes, a third of the int8 encoder's kernel time.</li>
 *   <li><b>MultiHeadAttention</b> for the attention core of each layer: Q, K, V (the outputs of
 *       their projections, int8 or not, which stay as they are) reshaped to heads, transposed,
 *       {@code Q·Kᵀ / c + mask} (or {@code Q·Kᵀ · c}), Softmax, {@code ·V}, transposed and reshaped back. The additive
 *       mask becomes a key-padding mask (the graph input {@code attention_mask} cast to int32):
 *       masked keys get -10000 instead of the exporter's float minimum, and both underflow to a
 *       softmax weight of exactly 0. The scale is the graph's ({@code 1 / c} for a Div).</li>
 * </ul>
 *
 * Nodes left without readers are removed afterwards. A pattern that differs in any checked
 * detail is left alone, so the rewrite never changes what the graph computes beyond float
 * rounding. Stateless; the input model is not changed.
 */
public final class EncoderFusion {

    static final String MICROSOFT = "com.microsoft";
    static final String KEY_PADDING_MASK = "/optimize/key_padding_mask";

    /**
     * The rewritten model and what was done.
     *
     * @param model           the rewritten model
     * @param skipLayerNorms  residual Add + LayerNorm pairs fused
     * @param attentions      attention cores fused
     * @param gelus           erf-form GELUs fused
     * @param nodesBefore     nodes in the input graph
     * @param nodesAfter      nodes in the rewritten graph
     */
    public record Result(ModelProto model, int skipLayerNorms, int attentions, int gelus, int nodesBefore, int nodesAfter) {
        /** Whether anything was fused. */
        public boolean changed() {
            return skipLayerNorms + attentions + gelus > 0;
        }
    }

    private EncoderFusion() {}

    /**
     * What a session should load for this encoder file: its graph with every fusion applied, or
     * the file's bytes unchanged when no pattern matched (then nothing is re-serialised).
     *
     * @throws IOException if the file cannot be read
     * @throws com.google.protobuf.InvalidProtocolBufferException if it is no ONNX model
     */
    public static Loaded forSession(Path encoderFile) throws IOException {
        byte[] bytes = Files.readAllBytes(encoderFile);
        Result result = fuse(ModelProto.parseFrom(bytes));
        return new Loaded(result.changed() ? result.model().toByteArray() : bytes, result);
    }

    /** The bytes to load and the rewrite that made them. */
    public record Loaded(byte[] bytes, Result fusion) {}

    public static Result fuse(ModelProto model) {
        GraphProto graph = model.getGraph();
        int before = graph.getNodeCount();
        Rewrite skip = fuseSkipLayerNorms(graph);
        Rewrite attention = fuseAttention(skip.graph());
        Rewrite gelu = fuseGelus(attention.graph());
        GraphProto pruned = removeUnread(gelu.graph());
        ModelProto.Builder out = model.toBuilder().setGraph(pruned);
        if (model.getOpsetImportList().stream().noneMatch(o -> o.getDomain().equals(MICROSOFT))) {
            out.addOpsetImport(OperatorSetIdProto.newBuilder().setDomain(MICROSOFT).setVersion(1));
        }
        return new Result(out.build(), skip.count(), attention.count(), gelu.count(), before, pruned.getNodeCount());
    }

    private record Rewrite(GraphProto graph, int count) {}

    /** Replaces each matched pattern: its last node by {@code fused}, its other nodes removed. */
    private static GraphProto replace(GraphProto graph, Map<NodeProto, NodeProto> lastToFused, Set<NodeProto> removed,
            List<NodeProto> prepend) {
        GraphProto.Builder out = graph.toBuilder().clearNode();
        out.addAllNode(prepend);
        for (NodeProto node : graph.getNodeList()) {
            NodeProto fused = lastToFused.get(node);
            if (fused != null) {
                out.addNode(fused);
            } else if (!removed.contains(node)) {
                out.addNode(node);
            }
        }
        return out.build();
    }

    private static Rewrite fuseSkipLayerNorms(GraphProto graph) {
        GraphIndex index = new GraphIndex(graph);
        Map<NodeProto, NodeProto> fused = new HashMap<>();
        Set<NodeProto> removed = new HashSet<>();
        for (NodeProto add : graph.getNodeList()) {
            matchSkipLayerNorm(index, add).or(() -> matchSkipLayerNormOp(index, add)).ifPresent(m -> {
                fused.put(m.last(), m.fused());
                removed.addAll(m.nodes());
            });
        }
        return new Rewrite(replace(graph, fused, removed, List.of()), fused.size());
    }

    private record Match(NodeProto last, NodeProto fused, List<NodeProto> nodes) {}

    private static Optional<Match> matchSkipLayerNorm(GraphIndex g, NodeProto add) {
        if (!isOp(add, "Add") || add.getInputCount() != 2 || !g.isComputed(add.getInput(0)) || !g.isComputed(add.getInput(1))) {
            return Optional.empty();
        }
        String x = add.getOutput(0);
        List<NodeProto> readers = g.consumers(x);
        NodeProto mean = readers.stream().filter(n -> isOp(n, "ReduceMean")).findFirst().orElse(null);
        NodeProto sub = readers.stream().filter(n -> isOp(n, "Sub")).findFirst().orElse(null);
        if (mean == null || sub == null || !g.onlyReadBy(x, mean, sub) || !lastAxis(mean)
                || !sub.getInput(0).equals(x) || !sub.getInput(1).equals(mean.getOutput(0))
                || !g.onlyReadBy(mean.getOutput(0), sub)) {
            return Optional.empty();
        }
        String d = sub.getOutput(0);
        NodeProto pow = g.consumers(d).stream().filter(n -> isOp(n, "Pow")).findFirst().orElse(null);
        NodeProto div = g.consumers(d).stream().filter(n -> isOp(n, "Div")).findFirst().orElse(null);
        if (pow == null || div == null || !g.onlyReadBy(d, pow, div) || !div.getInput(0).equals(d)
                || !g.floatScalar(pow.getInput(1)).filter(e -> e == 2f).isPresent()) {
            return Optional.empty();
        }
        NodeProto variance = only(g, pow.getOutput(0), "ReduceMean", 0);
        if (variance == null || !lastAxis(variance)) {
            return Optional.empty();
        }
        NodeProto addEps = only(g, variance.getOutput(0), "Add", 0);
        Optional<Float> eps = addEps == null ? Optional.empty() : g.floatScalar(addEps.getInput(1));
        NodeProto sqrt = addEps == null ? null : only(g, addEps.getOutput(0), "Sqrt", 0);
        if (eps.isEmpty() || sqrt == null || !g.onlyReadBy(sqrt.getOutput(0), div) || !div.getInput(1).equals(sqrt.getOutput(0))) {
            return Optional.empty();
        }
        NodeProto mul = only(g, div.getOutput(0), "Mul", 0);
        NodeProto addBeta = mul == null ? null : only(g, mul.getOutput(0), "Add", 0);
        if (addBeta == null || !g.isFloatVectorInitializer(mul.getInput(1)) || !g.isFloatVectorInitializer(addBeta.getInput(1))) {
            return Optional.empty();
        }
        NodeProto fused = NodeProto.newBuilder().setName(addBeta.getName() + "_SkipLayerNorm").setOpType("SkipLayerNormalization")
                .setDomain(MICROSOFT).addInput(add.getInput(0)).addInput(add.getInput(1))
                .addInput(mul.getInput(1)).addInput(addBeta.getInput(1)).addOutput(addBeta.getOutput(0))
                .addAttribute(AttributeProto.newBuilder().setName("epsilon").setType(AttributeProto.AttributeType.FLOAT).setF(eps.get()))
                .build();
        return Optional.of(new Match(addBeta, fused, List.of(add, mean, sub, pow, variance, addEps, sqrt, div, mul)));
    }

    /** A residual Add read only by a LayerNormalization over the last axis with 1-D gamma and beta. */
    private static Optional<Match> matchSkipLayerNormOp(GraphIndex g, NodeProto add) {
        if (!isOp(add, "Add") || add.getInputCount() != 2 || !g.isComputed(add.getInput(0)) || !g.isComputed(add.getInput(1))) {
            return Optional.empty();
        }
        NodeProto norm = only(g, add.getOutput(0), "LayerNormalization", 0);
        if (norm == null || norm.getInputCount() != 3 || norm.getOutputCount() != 1
                || GraphIndex.intAttribute(norm, "axis", -1) != -1
                || !g.isFloatVectorInitializer(norm.getInput(1)) || !g.isFloatVectorInitializer(norm.getInput(2))) {
            return Optional.empty();
        }
        float eps = norm.getAttributeList().stream().filter(a -> a.getName().equals("epsilon")).findFirst()
                .map(AttributeProto::getF).orElse(1e-5f);
        NodeProto fused = NodeProto.newBuilder().setName(norm.getName() + "_SkipLayerNorm").setOpType("SkipLayerNormalization")
                .setDomain(MICROSOFT).addInput(add.getInput(0)).addInput(add.getInput(1))
                .addInput(norm.getInput(1)).addInput(norm.getInput(2)).addOutput(norm.getOutput(0))
                .addAttribute(AttributeProto.newBuilder().setName("epsilon").setType(AttributeProto.AttributeType.FLOAT).setF(eps))
                .build();
        return Optional.of(new Match(norm, fused, List.of(add)));
    }

    private static Rewrite fuseGelus(GraphProto graph) {
        GraphIndex index = new GraphIndex(graph);
        Map<NodeProto, NodeProto> fused = new HashMap<>();
        Set<NodeProto> removed = new HashSet<>();
        for (NodeProto erf : graph.getNodeList()) {
            matchGelu(index, erf).ifPresent(m -> {
                fused.put(m.last(), m.fused());
                removed.addAll(m.nodes());
            });
        }
        return new Rewrite(replace(graph, fused, removed, List.of()), fused.size());
    }

    /** {@code Mul(Mul(x, Add(Erf(x / √2), 1)), 0.5)}, each intermediate read once, the constants within 1e-5. */
    private static Optional<Match> matchGelu(GraphIndex g, NodeProto erf) {
        if (!isOp(erf, "Erf")) {
            return Optional.empty();
        }
        NodeProto scale = g.producer(erf.getInput(0)).orElse(null);
        if (scale == null || !g.onlyReadBy(scale.getOutput(0), erf) || scale.getInputCount() != 2) {
            return Optional.empty();
        }
        String x;
        if (isOp(scale, "Div") && near(g.floatScalar(scale.getInput(1)), (float) Math.sqrt(2))) {
            x = scale.getInput(0);
        } else if (isOp(scale, "Mul") && near(g.floatScalar(scale.getInput(1)), (float) Math.sqrt(0.5))) {
            x = scale.getInput(0);
        } else if (isOp(scale, "Mul") && near(g.floatScalar(scale.getInput(0)), (float) Math.sqrt(0.5))) {
            x = scale.getInput(1);
        } else {
            return Optional.empty();
        }
        NodeProto plusOne = onlyReader(g, erf.getOutput(0), "Add");
        if (plusOne == null || !near(g.floatScalar(other(plusOne, erf.getOutput(0))), 1f)) {
            return Optional.empty();
        }
        NodeProto timesX = onlyReader(g, plusOne.getOutput(0), "Mul");
        if (timesX == null || !other(timesX, plusOne.getOutput(0)).equals(x)) {
            return Optional.empty();
        }
        NodeProto half = onlyReader(g, timesX.getOutput(0), "Mul");
        if (half == null || !near(g.floatScalar(other(half, timesX.getOutput(0))), 0.5f)) {
            return Optional.empty();
        }
        NodeProto fused = NodeProto.newBuilder().setName(half.getName() + "_Gelu").setOpType("Gelu").setDomain(MICROSOFT)
                .addInput(x).addOutput(half.getOutput(0)).build();
        return Optional.of(new Match(half, fused, List.of(scale, erf, plusOne, timesX)));
    }

    /** The only reader of {@code value}, when it is a default-domain two-input {@code opType} (either slot). */
    private static NodeProto onlyReader(GraphIndex g, String value, String opType) {
        List<NodeProto> readers = g.consumers(value);
        if (readers.size() != 1 || g.isGraphOutput(value)) {
            return null;
        }
        NodeProto n = readers.getFirst();
        return isOp(n, opType) && n.getInputCount() == 2 ? n : null;
    }

    /** The input of a two-input node that is not {@code value} (the node reads {@code value}). */
    private static String other(NodeProto node, String value) {
        return node.getInput(0).equals(value) ? node.getInput(1) : node.getInput(0);
    }

    private static boolean near(Optional<Float> constant, float expected) {
        return constant.filter(c -> Math.abs(c - expected) <= 1e-5f).isPresent();
    }

    private static Rewrite fuseAttention(GraphProto graph) {
        GraphIndex index = new GraphIndex(graph);
        boolean maskInput = graph.getInputList().stream().anyMatch(v -> v.getName().equals("attention_mask"));
        Map<NodeProto, NodeProto> fused = new HashMap<>();
        Set<NodeProto> removed = new HashSet<>();
        if (maskInput) {
            for (NodeProto softmax : graph.getNodeList()) {
                matchAttention(index, softmax).ifPresent(m -> {
                    fused.put(m.last(), m.fused());
                    removed.addAll(m.nodes());
                });
            }
        }
        List<NodeProto> prepend = fused.isEmpty() ? List.of() : List.of(NodeProto.newBuilder()
                .setName("/optimize/Cast_key_padding_mask").setOpType("Cast").addInput("attention_mask").addOutput(KEY_PADDING_MASK)
                .addAttribute(AttributeProto.newBuilder().setName("to").setType(AttributeProto.AttributeType.INT)
                        .setI(TensorProto.DataType.INT32.getNumber()))
                .build());
        return new Rewrite(replace(graph, fused, removed, prepend), fused.size());
    }

    private static Optional<Match> matchAttention(GraphIndex g, NodeProto softmax) {
        if (!isOp(softmax, "Softmax") || !(GraphIndex.intAttribute(softmax, "axis", -1) == -1
                || GraphIndex.intAttribute(softmax, "axis", -1) == 3)) {
            return Optional.empty();
        }
        Optional<NodeProto> maskAdd = g.producer(softmax.getInput(0), "Add");
        if (maskAdd.isEmpty() || !g.onlyReadBy(maskAdd.get().getOutput(0), softmax)) {
            return Optional.empty();
        }
        NodeProto add = maskAdd.get();
        Optional<NodeProto> div = scaledScores(g, add, 0);
        if (div.isEmpty()) {
            div = scaledScores(g, add, 1);
        }
        if (div.isEmpty()) {
            return Optional.empty();
        }
        Optional<Float> factor = g.floatScalar(div.get().getInput(1));
        Optional<NodeProto> scores = g.producer(div.get().getInput(0), "MatMul");
        if (factor.isEmpty() || factor.get() <= 0 || scores.isEmpty() || !g.onlyReadBy(scores.get().getOutput(0), div.get())) {
            return Optional.empty();
        }
        float attentionScale = isOp(div.get(), "Div") ? 1f / factor.get() : factor.get();
        Optional<Heads> q = heads(g, scores.get().getInput(0), List.of(0L, 2L, 1L, 3L), scores.get());
        Optional<Heads> k = heads(g, scores.get().getInput(1), List.of(0L, 2L, 3L, 1L), scores.get());
        List<NodeProto> contextReaders = g.consumers(softmax.getOutput(0));
        if (q.isEmpty() || k.isEmpty() || contextReaders.size() != 1 || !isOp(contextReaders.getFirst(), "MatMul")
                || !contextReaders.getFirst().getInput(0).equals(softmax.getOutput(0))) {
            return Optional.empty();
        }
        NodeProto context = contextReaders.getFirst();
        Optional<Heads> v = heads(g, context.getInput(1), List.of(0L, 2L, 1L, 3L), context);
        NodeProto back = only(g, context.getOutput(0), "Transpose", 0);
        if (v.isEmpty() || back == null || !GraphIndex.ints(back, "perm").equals(List.of(0L, 2L, 1L, 3L))) {
            return Optional.empty();
        }
        NodeProto merge = g.consumers(back.getOutput(0)).stream().filter(n -> isOp(n, "Reshape")).findFirst().orElse(null);
        long numHeads = q.get().count();
        if (merge == null || !onlyShapesFor(g, back.getOutput(0), merge) || numHeads < 1 || numHeads != k.get().count() || numHeads != v.get().count()) {
            return Optional.empty();
        }
        NodeProto fused = NodeProto.newBuilder().setName(merge.getName() + "_MultiHeadAttention").setOpType("MultiHeadAttention")
                .setDomain(MICROSOFT).addInput(q.get().input()).addInput(k.get().input()).addInput(v.get().input())
                .addInput("").addInput(KEY_PADDING_MASK).addOutput(merge.getOutput(0))
                .addAttribute(AttributeProto.newBuilder().setName("num_heads").setType(AttributeProto.AttributeType.INT).setI(numHeads))
                .addAttribute(AttributeProto.newBuilder().setName("scale").setType(AttributeProto.AttributeType.FLOAT)
                        .setF(attentionScale))
                .build();
        List<NodeProto> nodes = new ArrayList<>(List.of(add, div.get(), scores.get(), softmax, context, back));
        nodes.addAll(q.get().nodes());
        nodes.addAll(k.get().nodes());
        nodes.addAll(v.get().nodes());
        return Optional.of(new Match(merge, fused, nodes));
    }

    /**
     * The Div or Mul of a MatMul by a constant at input {@code slot} of the mask Add, read only
     * by it, when the Add's other input derives from the attention mask.
     */
    private static Optional<NodeProto> scaledScores(GraphIndex g, NodeProto maskAdd, int slot) {
        String value = maskAdd.getInput(slot);
        Optional<NodeProto> scaling = g.producer(value, "Div").or(() -> g.producer(value, "Mul"));
        return scaling.filter(n -> n.getInputCount() == 2 && g.onlyReadBy(value, maskAdd)
                && g.floatScalar(n.getInput(1)).isPresent() && g.producer(n.getInput(0), "MatMul").isPresent()
                && derivesFrom(g, maskAdd.getInput(1 - slot), "attention_mask", 8));
    }

    /** A [B, S, hidden] value reshaped to [B, S, heads, size] and transposed by {@code perm} into {@code reader}. */
    private record Heads(String input, long count, List<NodeProto> nodes) {}

    private static Optional<Heads> heads(GraphIndex g, String value, List<Long> perm, NodeProto reader) {
        Optional<NodeProto> transpose = g.producer(value, "Transpose");
        if (transpose.isEmpty() || !GraphIndex.ints(transpose.get(), "perm").equals(perm) || !g.onlyReadBy(value, reader)) {
            return Optional.empty();
        }
        Optional<NodeProto> reshape = g.producer(transpose.get().getInput(0), "Reshape");
        if (reshape.isEmpty() || !g.onlyReadBy(reshape.get().getOutput(0), transpose.get())) {
            return Optional.empty();
        }
        Optional<Long> count = headCount(g, reshape.get().getInput(1));
        return count.map(c -> new Heads(reshape.get().getInput(0), c, List.of(transpose.get(), reshape.get())));
    }

    /** Entry 2 of a 4-element shape: a constant, or a Concat whose third input is a constant. */
    private static Optional<Long> headCount(GraphIndex g, String shape) {
        Optional<long[]> constant = g.longs(shape);
        if (constant.isPresent()) {
            return constant.get().length == 4 && constant.get()[2] > 0 ? Optional.of(constant.get()[2]) : Optional.empty();
        }
        return g.producer(shape, "Concat").filter(c -> c.getInputCount() == 4)
                .flatMap(c -> g.longs(c.getInput(2))).filter(v -> v.length == 1 && v[0] > 0).map(v -> v[0]);
    }

    /**
     * Whether every reader of {@code value} but {@code reshape} is a Shape whose result flows only
     * into {@code reshape}'s shape input (the exporter computes the merged shape from the value):
     * then the whole chain goes with the reshape.
     */
    private static boolean onlyShapesFor(GraphIndex g, String value, NodeProto reshape) {
        if (g.isGraphOutput(value)) {
            return false;
        }
        java.util.ArrayDeque<NodeProto> todo = new java.util.ArrayDeque<>();
        for (NodeProto reader : g.consumers(value)) {
            if (reader == reshape) {
                if (!reshape.getInput(0).equals(value)) {
                    return false;
                }
            } else if (isOp(reader, "Shape")) {
                todo.add(reader);
            } else {
                return false;
            }
        }
        Set<NodeProto> seen = new HashSet<>();
        while (!todo.isEmpty()) {
            NodeProto node = todo.poll();
            if (!seen.add(node)) {
                continue;
            }
            for (String out : node.getOutputList()) {
                if (g.isGraphOutput(out)) {
                    return false;
                }
                for (NodeProto next : g.consumers(out)) {
                    if (next == reshape) {
                        if (!reshape.getInput(1).equals(out)) {
                            return false;
                        }
                    } else {
                        todo.add(next);
                    }
                }
            }
        }
        return true;
    }

    private static boolean derivesFrom(GraphIndex g, String value, String input, int depth) {
        if (value.equals(input)) {
            return true;
        }
        if (depth == 0) {
            return false;
        }
        return g.producer(value).map(n -> n.getInputList().stream().anyMatch(i -> derivesFrom(g, i, input, depth - 1))).orElse(false);
    }

    /** The only reader of {@code value}, when it is a default-domain {@code opType} reading it at input {@code slot}. */
    private static NodeProto only(GraphIndex g, String value, String opType, int slot) {
        List<NodeProto> readers = g.consumers(value);
        if (readers.size() != 1 || g.isGraphOutput(value)) {
            return null;
        }
        NodeProto n = readers.getFirst();
        return isOp(n, opType) && n.getInputCount() > slot && n.getInput(slot).equals(value) ? n : null;
    }

    private static boolean lastAxis(NodeProto reduceMean) {
        return GraphIndex.ints(reduceMean, "axes").equals(List.of(-1L));
    }

    private static boolean isOp(NodeProto node, String opType) {
        return node.getDomain().isEmpty() && node.getOpType().equals(opType);
    }

    /**
     * Drops nodes none of whose outputs is read or a graph output, until none is left, then the
     * initialisers nothing reads any more (ONNX Runtime warns about each one it finds).
     */
    static GraphProto removeUnread(GraphProto graph) {
        List<NodeProto> nodes = new ArrayList<>(graph.getNodeList());
        Set<String> outputs = new HashSet<>();
        graph.getOutputList().forEach(v -> outputs.add(v.getName()));
        boolean changed = true;
        while (changed) {
            Set<String> read = new HashSet<>(outputs);
            nodes.forEach(n -> read.addAll(n.getInputList()));
            changed = nodes.removeIf(n -> n.getOutputList().stream().noneMatch(read::contains));
        }
        Set<String> read = new HashSet<>(outputs);
        nodes.forEach(n -> read.addAll(n.getInputList()));
        graph.getInputList().forEach(v -> read.add(v.getName())); // an initialiser listed as an input stays (old IR)
        List<TensorProto> initializers = graph.getInitializerList().stream().filter(t -> read.contains(t.getName())).toList();
        return graph.toBuilder().clearNode().addAllNode(nodes).clearInitializer().addAllInitializer(initializers).build();
    }
}
