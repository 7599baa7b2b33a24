package io.nerco.onnx;

import com.google.protobuf.ByteString;
import io.nerco.onnx.internal.proto.AttributeProto;
import io.nerco.onnx.internal.proto.GraphProto;
import io.nerco.onnx.internal.proto.ModelProto;
import io.nerco.onnx.internal.proto.NodeProto;
import io.nerco.onnx.internal.proto.OperatorSetIdProto;
import io.nerco.onnx.internal.proto.TensorProto;
import java.util.List;
import java.util.Map;

/** Nodes, attributes and the model around them, for the encoder graphs this package writes. Stateless. */
final class GraphProtos {

    private GraphProtos() {}

    static AttributeProto intAttribute(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
    }

    static AttributeProto floatAttribute(String name, float value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT).setF(value).build();
    }

    static AttributeProto stringAttribute(String name, String value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.STRING)
                .setS(ByteString.copyFromUtf8(value)).build();
    }

    static AttributeProto intsAttribute(String name, long... values) {
        AttributeProto.Builder b = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long v : values) {
            b.addInts(v);
        }
        return b.build();
    }

    static NodeProto node(String name, String op, List<String> in, List<String> out, AttributeProto... attributes) {
        return NodeProto.newBuilder().setName(name).setOpType(op).addAllInput(in).addAllOutput(out)
                .addAllAttribute(List.of(attributes)).build();
    }

    /**
     * An encoder model on the contract of {@code BundleManifest}: INT64 {@code input_ids} and
     * {@code attention_mask} (and, when asked, {@code token_type_ids}) [batch, seq] in, FLOAT
     * {@code last_hidden_state} [batch, seq, width] out. Opset {@value LinearTaggerGraph#OPSET}.
     */
    static OnnxModelFile encoderModel(String name, boolean tokenTypes, int width, List<TensorProto> initializers,
            List<NodeProto> nodes) {
        GraphProto.Builder graph = GraphProto.newBuilder()
                .setName(name)
                .addInput(OnnxTensors.tensorValueInfo("input_ids", TensorProto.DataType.INT64, "batch", "seq"))
                .addInput(OnnxTensors.tensorValueInfo("attention_mask", TensorProto.DataType.INT64, "batch", "seq"));
        if (tokenTypes) {
            graph.addInput(OnnxTensors.tensorValueInfo("token_type_ids", TensorProto.DataType.INT64, "batch", "seq"));
        }
        graph.addOutput(OnnxTensors.tensorValueInfo("last_hidden_state", TensorProto.DataType.FLOAT, "batch", "seq", width))
                .addAllInitializer(initializers)
                .addAllNode(nodes);
        return new OnnxModelFile(ModelProto.newBuilder()
                .setIrVersion(LinearTaggerGraph.IR_VERSION)
                .setProducerName("nerco")
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(LinearTaggerGraph.OPSET))
                .setGraph(graph)
                .build());
    }

    /** A graph's parameter by key. */
    static FloatTensor require(Map<String, FloatTensor> values, String key) {
        FloatTensor t = values.get(key);
        if (t == null) {
            throw new IllegalArgumentException("missing parameter " + key);
        }
        return t;
    }
}
