package io.nerco.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.nio.file.Files;
import io.nerco.onnx.internal.proto.GraphProto;
import io.nerco.onnx.internal.proto.ModelProto;
import io.nerco.onnx.internal.proto.NodeProto;
import io.nerco.onnx.internal.proto.OperatorSetIdProto;
import io.nerco.onnx.internal.proto.TensorProto;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Int8QuantizerTest {

    private static OnnxModelFile fp32;
    private static float[][][] reference;

    @TempDir
    static Path dir;

    @BeforeAll
    static void runFp32() throws IOException, OrtException {
        fp32 = OnnxModelFile.read(MiniLm.onnx());
        try (EncoderRunner runner = new EncoderRunner(EncoderRunner.SENTENCES);
             OrtSession session = EncoderRunner.open(MiniLm.onnx())) {
            reference = runner.run(session);
        }
    }

    @Test
    void replacesEveryWeightMatMulAndFoldsTheBiases() {
        OnnxModelFile int8 = Int8Quantizer.quantize(fp32, false);
        assertThat(count(int8, "DynamicQuantizeMatMul")).isEqualTo(36);
        // The two attention-score MatMuls per layer multiply activations and stay float.
        assertThat(count(int8, "MatMul")).isEqualTo(12);
        assertThat(count(int8, "Add")).isEqualTo(count(fp32, "Add") - 36);
        assertThat(int8.opsetImports()).containsEntry("com.microsoft", 1L).containsEntry("", 11L);
        assertThat(int8.initializerNames()).filteredOn(n -> n.startsWith("onnx::MatMul_"))
                .hasSize(36 * 3).allMatch(n -> n.contains("_int8"));
        assertThat(int8.inputs()).isEqualTo(fp32.inputs());
    }

    @Test
    void quantizedMiniLmStaysCloseToFp32InOnnxRuntime() throws IOException, OrtException {
        Path file = dir.resolve("int8.onnx");
        Int8Quantizer.quantize(fp32, false).write(file);
        double cosine = cosineToReference(file);
        System.out.printf("int8 MatMuls: %.1f MB, mean per-token cosine to fp32 %.4f%n", Files.size(file) / 1e6, cosine);
        assertThat(cosine).isGreaterThanOrEqualTo(0.98);
        assertThat(Files.size(file)).isLessThan(65_000_000L);
    }

    @Test
    void quantizedEmbeddingsShrinkTheFileAndStayClose() throws IOException, OrtException {
        Path file = dir.resolve("int8-embeddings.onnx");
        OnnxModelFile int8 = Int8Quantizer.quantize(fp32, true);
        int8.write(file);
        assertThat(int8.hasInitializer("embeddings.word_embeddings.weight")).isFalse();
        double cosine = cosineToReference(file);
        System.out.printf("int8 MatMuls and embeddings: %.1f MB, mean per-token cosine to fp32 %.4f%n",
                Files.size(file) / 1e6, cosine);
        assertThat(cosine).isGreaterThanOrEqualTo(0.98);
        assertThat(Files.size(file)).isLessThan(30_000_000L);
    }

    @Test
    void layerNormOutliersAreSmoothedSoTheOtherChannelsSurviveQuantization() throws Exception {
        // BERT-base's LayerNorms have a few channels far larger than the rest: here gamma 60 and
        // beta -30 on two of 64 channels; the weight rows reading them are small, as in BERT
        int hidden = 64;
        int out = 48;
        java.util.Random random = new java.util.Random(11);
        float[] gamma = new float[hidden];
        float[] beta = new float[hidden];
        float[][] weight = new float[hidden][out];
        for (int j = 0; j < hidden; j++) {
            gamma[j] = 1f + (float) random.nextGaussian() * 0.1f;
            beta[j] = (float) random.nextGaussian() * 0.1f;
            for (int c = 0; c < out; c++) {
                weight[j][c] = (float) random.nextGaussian() * (j == 5 || j == 9 ? 0.002f : 0.1f);
            }
        }
        gamma[5] = 60f;
        beta[9] = -30f;
        OnnxModelFile model = new OnnxModelFile(ModelProto.newBuilder().setIrVersion(8)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(17))
                .setGraph(GraphProto.newBuilder().setName("ln_matmul")
                        .addInput(OnnxTensors.tensorValueInfo("x", TensorProto.DataType.FLOAT, "rows", hidden))
                        .addOutput(OnnxTensors.tensorValueInfo("y", TensorProto.DataType.FLOAT, "rows", out))
                        .addInitializer(OnnxTensors.floatInitializer("gamma", FloatTensor.ofVector(gamma)))
                        .addInitializer(OnnxTensors.floatInitializer("beta", FloatTensor.ofVector(beta)))
                        .addInitializer(OnnxTensors.floatInitializer("w", FloatTensor.ofMatrix(weight)))
                        .addNode(NodeProto.newBuilder().setName("ln").setOpType("LayerNormalization")
                                .addInput("x").addInput("gamma").addInput("beta").addOutput("normed"))
                        .addNode(NodeProto.newBuilder().setName("mm").setOpType("MatMul")
                                .addInput("normed").addInput("w").addOutput("y")))
                .build());
        float[][] x = new float[32][hidden];
        for (float[] row : x) {
            for (int j = 0; j < hidden; j++) {
                row[j] = (float) random.nextGaussian();
            }
        }

        OnnxModelFile int8 = Int8Quantizer.quantize(model, false);

        assertThat(count(int8, "Mul")).as("the smoothing Mul before the quantized MatMul").isEqualTo(1);
        double cosine = meanRowCosine(run(model, x), run(int8, x));
        System.out.printf("int8 after a LayerNorm with outlier channels: mean cosine to fp32 %.4f%n", cosine);
        assertThat(cosine).isGreaterThanOrEqualTo(0.99);
    }

    private static float[][] run(OnnxModelFile model, float[][] x) throws Exception {
        Path file = Files.createTempFile(dir, "graph", ".onnx");
        model.write(file);
        ai.onnxruntime.OrtEnvironment env = ai.onnxruntime.OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(file.toString(), new OrtSession.SessionOptions());
             ai.onnxruntime.OnnxTensor input = ai.onnxruntime.OnnxTensor.createTensor(env, x);
             OrtSession.Result r = session.run(Map.of("x", input))) {
            return (float[][]) r.get(0).getValue();
        }
    }

    private static double meanRowCosine(float[][] a, float[][] b) {
        double sum = 0;
        for (int r = 0; r < a.length; r++) {
            double dot = 0;
            double na = 0;
            double nb = 0;
            for (int c = 0; c < a[r].length; c++) {
                dot += a[r][c] * b[r][c];
                na += a[r][c] * a[r][c];
                nb += b[r][c] * b[r][c];
            }
            sum += dot / Math.sqrt(na * nb);
        }
        return sum / a.length;
    }

    private static double cosineToReference(Path file) throws IOException, OrtException {
        try (EncoderRunner runner = new EncoderRunner(EncoderRunner.SENTENCES);
             OrtSession session = EncoderRunner.open(file)) {
            return runner.meanCosine(reference, runner.run(session));
        }
    }

    private static long count(OnnxModelFile model, String opType) {
        return model.nodes().stream().filter(n -> n.opType().equals(opType)).count();
    }
}
