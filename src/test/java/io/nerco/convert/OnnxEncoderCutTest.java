package io.nerco.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nerco.onnx.BertEncoderGraph;
import io.nerco.onnx.BertWeights;
import io.nerco.onnx.FloatTensor;
import io.nerco.onnx.LinearTaggerGraph;
import io.nerco.onnx.OnnxModelFile;
import io.nerco.onnx.RandomBert;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A student's encoder cut from its teacher's: the bottom layers, values unchanged. */
class OnnxEncoderCutTest {

    @Test
    void theBottomLayersKeepTheirValuesAndTheTokenizerComesAlong(@TempDir Path dir) throws Exception {
        Map<String, FloatTensor> values = RandomBert.weights(50, 16, 3, 32, 64);
        Path bundle = Files.createDirectories(dir.resolve("teacher"));
        BertEncoderGraph.build(values, 2, 1e-12f).write(bundle.resolve("encoder.onnx"));
        Files.writeString(bundle.resolve("tokenizer.json"), "{\"normalizer\": {\"type\": \"BertNormalizer\", \"lowercase\": false}}");

        SavedModelImport.Result r = OnnxEncoderCut.run(bundle, 2, 2, "student", dir.resolve("student"));

        assertThat(r.layers()).isEqualTo(2);
        BertWeights cut = BertWeights.read(OnnxModelFile.read(r.onnx()));
        assertThat(cut.layers()).hasSize(2);
        Map<String, FloatTensor> got = cut.valuesByKey();
        assertThat(got.keySet()).noneMatch(k -> k.startsWith("encoder.layer.2."));
        for (Map.Entry<String, FloatTensor> e : got.entrySet()) {
            assertThat(e.getValue().data()).as(e.getKey()).isEqualTo(values.get(e.getKey()).data());
        }
        assertThat(Files.readString(r.tokenizer())).contains("BertNormalizer");
        EncoderDescription d = EncoderDescription.read(dir.resolve("student")).orElseThrow();
        assertThat(d.layers()).isEqualTo(2);
        assertThat(d.of()).isEqualTo(3);
        assertThat(d.lowercase()).isFalse();
        assertThat(d.source()).endsWith("teacher/encoder.onnx");
    }

    @Test
    void moreLayersThanThereAreOrAGraphThatIsNoEncoderIsAClearError(@TempDir Path dir) throws Exception {
        Path bundle = Files.createDirectories(dir.resolve("teacher"));
        BertEncoderGraph.build(RandomBert.weights(50, 16, 1, 32, 64), 2, 1e-12f).write(bundle.resolve("encoder.onnx"));
        Files.writeString(bundle.resolve("tokenizer.json"), "{}");
        assertThatThrownBy(() -> OnnxEncoderCut.run(bundle, 2, 0, "s", dir.resolve("s")))
                .hasMessageContaining("has 1 layers; cannot keep 2");

        Path tagger = dir.resolve("other/tagger.onnx");
        Files.createDirectories(tagger.getParent());
        LinearTaggerGraph.write(tagger, new float[16][3], new float[3]);
        Files.writeString(dir.resolve("other/x-tokenizer.json"), "{}");
        assertThatThrownBy(() -> OnnxEncoderCut.run(tagger, 1, 0, "s", dir.resolve("s2")))
                .isInstanceOf(TensorBundleException.class).hasMessageContaining("is not an fp32 BERT-style encoder");
    }
}
