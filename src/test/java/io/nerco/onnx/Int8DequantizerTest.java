package io.nerco.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The float graph back from an int8 export: the same weights to within a quantization step. */
class Int8DequantizerTest {

    private static OnnxModelFile fp32;
    private static OnnxModelFile int8;

    @TempDir
    static Path dir;

    @BeforeAll
    static void quantize() throws IOException {
        fp32 = OnnxModelFile.read(MiniLm.onnx());
        int8 = Int8Quantizer.quantize(fp32, true);
    }

    @Test
    void everyWeightComesBackWithinHalfAStepUnderItsOriginalName() {
        assertThat(Int8Dequantizer.isQuantized(int8)).isTrue();
        assertThat(Int8Dequantizer.isQuantized(fp32)).isFalse();
        OnnxModelFile back = Int8Dequantizer.dequantize(int8);

        assertThat(Int8Dequantizer.isQuantized(back)).isFalse();
        assertThat(back.nodes()).noneMatch(n -> n.name().contains("_int8") || n.name().endsWith("_smoothed"));
        assertThat(back.initializerNames()).noneMatch(n -> n.contains("_int8"));
        Map<String, FloatTensor> original = BertWeights.read(fp32).valuesByKey();
        Map<String, FloatTensor> restored = BertWeights.read(back).valuesByKey();
        assertThat(restored.keySet()).isEqualTo(original.keySet());
        for (Map.Entry<String, FloatTensor> e : original.entrySet()) {
            float[] want = e.getValue().data();
            float[] got = restored.get(e.getKey()).data();
            assertThat(restored.get(e.getKey()).shape()).as(e.getKey()).isEqualTo(e.getValue().shape());
            float largest = 0;
            float worst = 0;
            for (int i = 0; i < want.length; i++) {
                largest = Math.max(largest, Math.abs(want[i]));
                worst = Math.max(worst, Math.abs(want[i] - got[i]));
            }
            // One step is at most largest / 127 in a column or row; smoothing can only shrink it.
            assertThat(worst).as(e.getKey()).isLessThanOrEqualTo(largest / 127f * 0.51f + 1e-7f);
        }
    }

    @Test
    void theRestoredGraphRunsInOnnxRuntimeAsTheFp32OneDoes() throws IOException, OrtException {
        Path restored = dir.resolve("restored.onnx");
        Int8Dequantizer.dequantize(int8).write(restored);
        try (EncoderRunner runner = new EncoderRunner(EncoderRunner.SENTENCES);
             OrtSession reference = EncoderRunner.open(MiniLm.onnx());
             OrtSession session = EncoderRunner.open(restored)) {
            double cosine = runner.meanCosine(runner.run(reference), runner.run(session));
            assertThat(cosine).isGreaterThanOrEqualTo(0.99);
        }
    }

    @Test
    void aProductTheExportDidNotWriteIsAClearError() {
        OnnxModelFile foreign = Int8Quantizer.quantize(fp32, false);
        GraphEditor editor = new GraphEditor(foreign);
        editor.setNodes(editor.nodes().stream()
                .map(n -> n.getOpType().equals("DynamicQuantizeMatMul") ? n.toBuilder().setName("renamed").build() : n)
                .toList());
        OnnxModelFile renamed = editor.build(null, 0);
        assertThatThrownBy(() -> Int8Dequantizer.dequantize(renamed))
                .isInstanceOf(OnnxFormatException.class).hasMessageContaining("was not written by the int8 export");
    }
}
