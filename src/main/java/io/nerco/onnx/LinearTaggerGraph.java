package io.nerco.onnx;

import io.nerco.onnx.internal.proto.GraphProto;
import io.nerco.onnx.internal.proto.ModelProto;
import io.nerco.onnx.internal.proto.NodeProto;
import io.nerco.onnx.internal.proto.OperatorSetIdProto;
import io.nerco.onnx.internal.proto.TensorProto;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Writes the tagger graph of a bundle: one linear layer from encoder states to per-label
 * emission scores, {@code emissions = hidden_states · weight + bias}.
 *
 * <p>Input FLOAT {@code hidden_states} [batch, seq, hidden] and output FLOAT
 * {@code emissions} [batch, seq, labels], with symbolic {@code batch} and {@code seq}; ONNX
 * opset 17, IR version 8. Stateless and thread-safe.
 */
public final class LinearTaggerGraph {

    /** Name of the graph input. */
    public static final String INPUT = "hidden_states";
    /** Name of the graph output. */
    public static final String OUTPUT = "emissions";

    static final long IR_VERSION = 8;
    static final long OPSET = 17;

    private LinearTaggerGraph() {}

    /**
     * Writes the tagger to {@code path}, replacing any file there.
     *
     * @param weightInOut {@code [hidden][labels]}, rectangular, not null
     * @param bias        {@code [labels]}, not null
     * @throws IllegalArgumentException when the shapes do not fit together
     */
    public static void write(Path path, float[][] weightInOut, float[] bias) throws IOException {
        build(weightInOut, bias).write(path);
    }

    /** The tagger as a model in memory; see {@link #write}. */
    public static OnnxModelFile build(float[][] weightInOut, float[] bias) {
        FloatTensor weight = FloatTensor.ofMatrix(weightInOut);
        int hidden = weight.dim(0);
        int labels = weight.dim(1);
        if (bias.length != labels) {
            throw new IllegalArgumentException("weight has " + labels + " label columns, bias " + bias.length + " values");
        }
        GraphProto graph = GraphProto.newBuilder()
                .setName("nerco_linear_tagger")
                .addInput(OnnxTensors.tensorValueInfo(INPUT, TensorProto.DataType.FLOAT, "batch", "seq", hidden))
                .addOutput(OnnxTensors.tensorValueInfo(OUTPUT, TensorProto.DataType.FLOAT, "batch", "seq", labels))
                .addInitializer(OnnxTensors.floatInitializer("tagger.weight", weight))
                .addInitializer(OnnxTensors.floatInitializer("tagger.bias", FloatTensor.ofVector(bias)))
                .addNode(NodeProto.newBuilder().setName("tagger/MatMul").setOpType("MatMul")
                        .addInput(INPUT).addInput("tagger.weight").addOutput("tagger/MatMul_output"))
                .addNode(NodeProto.newBuilder().setName("tagger/Add").setOpType("Add")
                        .addInput("tagger/MatMul_output").addInput("tagger.bias").addOutput(OUTPUT))
                .build();
        return new OnnxModelFile(ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .setProducerName("nerco")
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setGraph(graph)
                .build());
    }
}
