package io.nerco.onnx;

import com.google.protobuf.CodedInputStream;
import io.nerco.onnx.internal.proto.AttributeProto;
import io.nerco.onnx.internal.proto.GraphProto;
import io.nerco.onnx.internal.proto.ModelProto;
import io.nerco.onnx.internal.proto.NodeProto;
import io.nerco.onnx.internal.proto.OperatorSetIdProto;
import io.nerco.onnx.internal.proto.TensorProto;
import io.nerco.onnx.internal.proto.TensorShapeProto;
import io.nerco.onnx.internal.proto.ValueInfoProto;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An ONNX model read into memory: its nodes, float initialisers, inputs and outputs, and a
 * way to write it back with new initialiser values.
 *
 * <p>Everything in the file is kept, including the parts this class does not interpret, so
 * {@link #write} reproduces the graph. Immutable and thread-safe; {@link #withInitializers}
 * returns a new instance. Holds the whole model on the heap (about the file's size).
 */
public final class OnnxModelFile {

    private final ModelProto model;
    private final List<OnnxNode> nodes;
    private final Map<String, OnnxNode> nodesByName;
    private final Map<String, TensorProto> initializers;

    OnnxModelFile(ModelProto model) {
        this.model = model;
        GraphProto graph = model.getGraph();
        List<OnnxNode> list = new ArrayList<>(graph.getNodeCount());
        Map<String, OnnxNode> byName = new LinkedHashMap<>();
        for (NodeProto n : graph.getNodeList()) {
            OnnxNode node = toNode(n);
            list.add(node);
            if (!node.name().isEmpty()) {
                byName.put(node.name(), node);
            }
        }
        this.nodes = Collections.unmodifiableList(list);
        this.nodesByName = Collections.unmodifiableMap(byName);
        Map<String, TensorProto> inits = new LinkedHashMap<>();
        for (TensorProto t : graph.getInitializerList()) {
            inits.put(t.getName(), t);
        }
        this.initializers = Collections.unmodifiableMap(inits);
    }

    /**
     * Reads an ONNX model file. Files of any size up to 2 GB are accepted (protobuf's default
     * limit of 64 MB is lifted); tensors stored as external data are not supported.
     *
     * @throws IOException          when the file cannot be read
     * @throws OnnxFormatException  when it is not an ONNX model
     */
    public static OnnxModelFile read(Path path) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(path), 1 << 20)) {
            CodedInputStream coded = CodedInputStream.newInstance(in);
            coded.setSizeLimit(Integer.MAX_VALUE);
            ModelProto model = ModelProto.parseFrom(coded);
            if (!model.hasGraph()) {
                throw new OnnxFormatException(path + " holds no ONNX graph");
            }
            return new OnnxModelFile(model);
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new OnnxFormatException(path + " is not an ONNX model: " + e.getMessage(), e);
        }
    }

    /** Writes this model to {@code path}, replacing any file there. */
    public void write(Path path) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(path), 1 << 20)) {
            model.writeTo(out);
        }
    }

    /** The model's IR version. */
    public long irVersion() {
        return model.getIrVersion();
    }

    /** Operator set versions by domain; the default domain {@code ai.onnx} is the empty string. */
    public Map<String, Long> opsetImports() {
        Map<String, Long> opsets = new LinkedHashMap<>();
        for (OperatorSetIdProto o : model.getOpsetImportList()) {
            opsets.put(o.getDomain(), o.getVersion());
        }
        return Collections.unmodifiableMap(opsets);
    }

    /** All nodes in graph order. */
    public List<OnnxNode> nodes() {
        return nodes;
    }

    /** The node of that name, if any. */
    public Optional<OnnxNode> node(String name) {
        return Optional.ofNullable(nodesByName.get(name));
    }

    /** Graph inputs that are not initialisers, in order. */
    public List<OnnxValueInfo> inputs() {
        return model.getGraph().getInputList().stream()
                .filter(v -> !initializers.containsKey(v.getName()))
                .map(OnnxModelFile::toValueInfo)
                .toList();
    }

    /** Graph outputs, in order. */
    public List<OnnxValueInfo> outputs() {
        return model.getGraph().getOutputList().stream().map(OnnxModelFile::toValueInfo).toList();
    }

    /** Initialiser names in file order. */
    public List<String> initializerNames() {
        return List.copyOf(initializers.keySet());
    }

    /** Whether an initialiser of that name exists. */
    public boolean hasInitializer(String name) {
        return initializers.containsKey(name);
    }

    /** The shape of an initialiser, without decoding its values. */
    public long[] initializerShape(String name) {
        return requireInitializer(name).getDimsList().stream().mapToLong(Long::longValue).toArray();
    }

    /**
     * The values of a FLOAT initialiser (a fresh copy each call).
     *
     * @throws OnnxFormatException when there is none of that name or it is not FLOAT
     */
    public FloatTensor initializer(String name) {
        return OnnxTensors.toFloatTensor(requireInitializer(name));
    }

    /**
     * The name of the weight initialiser a MatMul node multiplies by (its B input), for
     * graphs that name weights {@code onnx::MatMul_N} and the nodes readably.
     *
     * @throws OnnxFormatException when the node is missing, not a MatMul, or B is not an initialiser
     */
    public String matMulWeightName(String nodeName) {
        OnnxNode node = node(nodeName).orElseThrow(() -> new OnnxFormatException("no node named " + nodeName));
        if (!node.opType().equals("MatMul") || node.inputs().size() != 2) {
            throw new OnnxFormatException("node " + nodeName + " is a " + node.opType() + ", not a MatMul");
        }
        String weight = node.inputs().get(1);
        if (!initializers.containsKey(weight)) {
            throw new OnnxFormatException("MatMul " + nodeName + " multiplies by " + weight + ", not an initializer");
        }
        return weight;
    }

    /** The weight ([in, out]) a MatMul node multiplies by; see {@link #matMulWeightName}. */
    public FloatTensor matMulWeight(String nodeName) {
        return initializer(matMulWeightName(nodeName));
    }

    /**
     * This model with some initialisers given new values: the graph, names and everything
     * else stay as they are. Each replacement must name an existing FLOAT initialiser and
     * keep its shape.
     *
     * @throws OnnxFormatException when a name is unknown or a shape differs
     */
    public OnnxModelFile withInitializers(Map<String, FloatTensor> replacements) {
        for (Map.Entry<String, FloatTensor> e : replacements.entrySet()) {
            TensorProto old = requireInitializer(e.getKey());
            if (old.getDataType() != TensorProto.DataType.FLOAT_VALUE) {
                throw new OnnxFormatException("initializer " + e.getKey() + " is not FLOAT");
            }
            long[] oldShape = old.getDimsList().stream().mapToLong(Long::longValue).toArray();
            if (!e.getValue().hasShape(oldShape)) {
                throw new OnnxFormatException("initializer " + e.getKey() + " has shape " + Arrays.toString(oldShape)
                        + ", the replacement " + Arrays.toString(e.getValue().shape()));
            }
        }
        GraphProto.Builder graph = model.getGraph().toBuilder();
        for (int i = 0; i < graph.getInitializerCount(); i++) {
            FloatTensor value = replacements.get(graph.getInitializer(i).getName());
            if (value != null) {
                // Keep doc strings and any other fields of the old tensor; only the data changes.
                TensorProto fresh = OnnxTensors.floatInitializer(graph.getInitializer(i).getName(), value);
                graph.setInitializer(i, graph.getInitializer(i).toBuilder()
                        .clearFloatData().setRawData(fresh.getRawData()).build());
            }
        }
        return new OnnxModelFile(model.toBuilder().setGraph(graph).build());
    }

    /** The underlying message, for graph rewrites in this package. */
    ModelProto proto() {
        return model;
    }

    private TensorProto requireInitializer(String name) {
        TensorProto t = initializers.get(name);
        if (t == null) {
            throw new OnnxFormatException("no initializer named " + name);
        }
        return t;
    }

    private static OnnxNode toNode(NodeProto n) {
        Map<String, OnnxAttribute> attributes = new LinkedHashMap<>();
        for (AttributeProto a : n.getAttributeList()) {
            attributes.put(a.getName(), toAttribute(a));
        }
        return new OnnxNode(n.getName(), n.getOpType(), n.getDomain(), n.getInputList(), n.getOutputList(), attributes);
    }

    private static OnnxAttribute toAttribute(AttributeProto a) {
        AttributeProto.AttributeType type = a.getType();
        Object value = switch (type) {
            case FLOAT -> a.getF();
            case INT -> a.getI();
            case STRING -> a.getS().toStringUtf8();
            case FLOATS -> List.copyOf(a.getFloatsList());
            case INTS -> List.copyOf(a.getIntsList());
            case STRINGS -> a.getStringsList().stream().map(com.google.protobuf.ByteString::toStringUtf8).toList();
            default -> null;
        };
        return new OnnxAttribute(a.getName(), type.name(), value);
    }

    private static OnnxValueInfo toValueInfo(ValueInfoProto v) {
        if (!v.getType().hasTensorType()) {
            return new OnnxValueInfo(v.getName(), "UNDEFINED", List.of());
        }
        var tensor = v.getType().getTensorType();
        List<Object> shape = new ArrayList<>();
        for (TensorShapeProto.Dimension d : tensor.getShape().getDimList()) {
            shape.add(d.hasDimValue() ? (Object) d.getDimValue() : d.getDimParam());
        }
        return new OnnxValueInfo(v.getName(), OnnxTensors.elementTypeName(tensor.getElemType()), shape);
    }
}
