package io.nerco.optimize;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.nerco.onnx.BertEncoderGraph;
import io.nerco.onnx.Int8Quantizer;
import io.nerco.onnx.LinearTaggerGraph;
import io.nerco.onnx.OnnxModelFile;
import io.nerco.onnx.RandomBert;
import io.nerco.onnx.internal.proto.ModelProto;
import io.nerco.onnx.internal.proto.NodeProto;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The encoder graph the project writes for BERT checkpoints ({@link BertEncoderGraph}: one
 * LayerNormalization op, attention scaled by a Mul, GELU as Mul/Erf/Add/Mul/Mul), fp32 and
 * int8, loaded the way serving loads it ({@link EncoderFusion#forSession}) and run in ONNX
 * Runtime beside the file as written, on a padded batch.
 */
class BertGraphFusionTest {
    private static final int HIDDEN = 32;
    private static final int LAYERS = 2;
    private static final long[][] IDS = {{101, 7, 8, 9, 10, 102}, {101, 11, 12, 102, 0, 0}};
    private static final long[][] MASK = {{1, 1, 1, 1, 1, 1}, {1, 1, 1, 1, 0, 0}};

    @TempDir
    Path dir;

    @ParameterizedTest(name = "int8: {0}")
    @ValueSource(booleans = {false, true})
    void everyLayerIsFusedAndComputesTheSameOnRealTokens(boolean int8) throws Exception {
        OnnxModelFile graph = BertEncoderGraph.build(RandomBert.weights(200, HIDDEN, LAYERS, 64, 64), 2, 1e-12f);
        if (int8) {
            graph = Int8Quantizer.quantize(graph, false);
        }
        Path file = dir.resolve("encoder.onnx");
        graph.write(file);

        EncoderFusion.Loaded loaded = EncoderFusion.forSession(file);

        EncoderFusion.Result fusion = loaded.fusion();
        assertThat(fusion.skipLayerNorms()).as("embeddings and two per layer").isEqualTo(1 + 2 * LAYERS);
        assertThat(fusion.attentions()).isEqualTo(LAYERS);
        assertThat(fusion.gelus()).isEqualTo(LAYERS);
        ModelProto fused = ModelProto.parseFrom(loaded.bytes());
        List<String> ops = fused.getGraph().getNodeList().stream().map(NodeProto::getOpType).toList();
        java.util.Set<String> read = new java.util.HashSet<>();
        fused.getGraph().getNodeList().forEach(n -> read.addAll(n.getInputList()));
        assertThat(fused.getGraph().getInitializerList()).as("no initialiser left unread (ORT warns of each)")
                .allSatisfy(t -> assertThat(read).contains(t.getName()));
        assertThat(ops).contains("SkipLayerNormalization", "MultiHeadAttention", "Gelu")
                .doesNotContain("Erf", "Softmax", "LayerNormalization", "Transpose");

        float[][][] expected = run(Files.readAllBytes(file));
        float[][][] actual = run(loaded.bytes());
        double max = 0;
        double scale = 0;
        for (int b = 0; b < MASK.length; b++) {
            for (int t = 0; t < MASK[b].length; t++) {
                if (MASK[b][t] == 1) {
                    for (int h = 0; h < HIDDEN; h++) {
                        max = Math.max(max, Math.abs(expected[b][t][h] - actual[b][t][h]));
                        scale = Math.max(scale, Math.abs(expected[b][t][h]));
                    }
                }
            }
        }
        assertThat(scale).as("a non-trivial output").isGreaterThan(0.1);
        // int8: activations are quantised at run time, so a rounding flip in the last float bit can move a value by one step
        assertThat(max).isLessThan(int8 ? 2e-2 : 1e-4);
    }

    @Test
    void aGraphWithNothingToFuseIsLoadedByteForByte() throws Exception {
        Path file = dir.resolve("tagger.onnx");
        LinearTaggerGraph.build(new float[HIDDEN][3], new float[3]).write(file); // a MatMul and an Add

        EncoderFusion.Loaded loaded = EncoderFusion.forSession(file);

        assertThat(loaded.fusion().changed()).isFalse();
        assertThat(loaded.bytes()).isEqualTo(Files.readAllBytes(file));
    }

    private static float[][][] run(byte[] model) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        long[] shape = {IDS.length, IDS[0].length};
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
                OrtSession session = env.createSession(model, options);
                OnnxTensor ids = OnnxTensor.createTensor(env, flat(IDS), shape);
                OnnxTensor mask = OnnxTensor.createTensor(env, flat(MASK), shape);
                OnnxTensor types = OnnxTensor.createTensor(env, LongBuffer.allocate(IDS.length * IDS[0].length), shape);
                OrtSession.Result result = session.run(Map.of("input_ids", ids, "attention_mask", mask, "token_type_ids", types))) {
            FloatBuffer out = ((OnnxTensor) result.get(0)).getFloatBuffer();
            float[][][] values = new float[IDS.length][IDS[0].length][HIDDEN];
            for (float[][] row : values) {
                for (float[] token : row) {
                    out.get(token);
                }
            }
            return values;
        }
    }

    private static LongBuffer flat(long[][] rows) {
        LongBuffer buffer = LongBuffer.allocate(rows.length * rows[0].length);
        for (long[] row : rows) {
            buffer.put(row);
        }
        return buffer.flip();
    }
}
