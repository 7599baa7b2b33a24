package io.nerco.onnx;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
