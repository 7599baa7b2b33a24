package io.nerco.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nerco.onnx.BertEncoderGraph;
import io.nerco.onnx.BertWeights;
import io.nerco.onnx.FloatTensor;
import io.nerco.onnx.Int8Quantizer;
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

        SavedModelImport.Result r = OnnxEncoderCut.run(bundle, 2, 2, 0, "student", dir.resolve("student"));

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
        assertThat(d.narrowed()).isFalse();
        assertThat(d.source()).endsWith("teacher/encoder.onnx");
    }

    @Test
    void moreLayersThanThereAreOrAGraphThatIsNoEncoderIsAClearError(@TempDir Path dir) throws Exception {
        Path bundle = Files.createDirectories(dir.resolve("teacher"));
        BertEncoderGraph.build(RandomBert.weights(50, 16, 1, 32, 64), 2, 1e-12f).write(bundle.resolve("encoder.onnx"));
        Files.writeString(bundle.resolve("tokenizer.json"), "{}");
        assertThatThrownBy(() -> OnnxEncoderCut.run(bundle, 2, 0, 0, "s", dir.resolve("s")))
                .hasMessageContaining("has 1 layers; cannot keep 2");

        Path tagger = dir.resolve("other/tagger.onnx");
        Files.createDirectories(tagger.getParent());
        LinearTaggerGraph.write(tagger, new float[16][3], new float[3]);
        Files.writeString(dir.resolve("other/x-tokenizer.json"), "{}");
        assertThatThrownBy(() -> OnnxEncoderCut.run(tagger, 1, 0, 0, "s", dir.resolve("s2")))
                .isInstanceOf(TensorBundleException.class).hasMessageContaining("is not a BERT-style encoder");
    }

    @Test
    void anInt8BundleIsCutFromItsDequantizedWeights(@TempDir Path dir) throws Exception {
        Map<String, FloatTensor> values = RandomBert.weights(50, 16, 3, 32, 64);
        Path bundle = Files.createDirectories(dir.resolve("teacher"));
        Int8Quantizer.quantize(BertEncoderGraph.build(values, 2, 1e-12f), false).write(bundle.resolve("encoder.onnx"));
        Files.writeString(bundle.resolve("tokenizer.json"), "{}");

        SavedModelImport.Result r = OnnxEncoderCut.run(bundle, 1, 2, 0, "student", dir.resolve("student"));

        Map<String, FloatTensor> got = BertWeights.read(OnnxModelFile.read(r.onnx())).valuesByKey();
        FloatTensor query = got.get("encoder.layer.0.attention.self.query.weight");
        float[] want = values.get("encoder.layer.0.attention.self.query.weight").data();
        for (int i = 0; i < want.length; i++) {
            assertThat(query.data()[i]).isCloseTo(want[i], org.assertj.core.data.Offset.offset(0.05f));
        }
        assertThat(Files.readString(dir.resolve("student/encoder.json"))).contains("\"dequantized\" : true");
    }

    @Test
    void narrowingKeepsTheNeuronsWithTheLargestInAndOutWeights(@TempDir Path dir) throws Exception {
        Map<String, FloatTensor> values = new java.util.LinkedHashMap<>(RandomBert.weights(50, 16, 2, 32, 64));
        // Neurons 5 and 20 of layer 0 get large weights both ways; neuron 9 large in but zero out.
        float[] in = values.get("encoder.layer.0.intermediate.dense.weight").data();
        float[] out = values.get("encoder.layer.0.output.dense.weight").data();
        for (int row = 0; row < 16; row++) {
            in[row * 32 + 5] *= 10;
            in[row * 32 + 20] *= 10;
            in[row * 32 + 9] *= 100;
            out[5 * 16 + row] *= 10;
            out[20 * 16 + row] *= 10;
            out[9 * 16 + row] = 0;
        }
        Path bundle = Files.createDirectories(dir.resolve("teacher"));
        BertEncoderGraph.build(values, 2, 1e-12f).write(bundle.resolve("encoder.onnx"));
        Files.writeString(bundle.resolve("tokenizer.json"), "{}");

        SavedModelImport.Result r = OnnxEncoderCut.run(bundle, 0, 2, 2, "narrow", dir.resolve("narrow"));

        BertWeights cut = BertWeights.read(OnnxModelFile.read(r.onnx()));
        assertThat(cut.intermediateSize()).isEqualTo(2);
        Map<String, FloatTensor> got = cut.valuesByKey();
        assertThat(got.get("encoder.layer.1.output.dense.weight").shape()).containsExactly(2, 16);
        float[] bias = values.get("encoder.layer.0.intermediate.dense.bias").data();
        assertThat(got.get("encoder.layer.0.intermediate.dense.bias").data()).containsExactly(bias[5], bias[20]);
        assertThat(got.get("encoder.layer.0.intermediate.dense.weight").data()[1]).isEqualTo(in[20]);
        assertThat(got.get("encoder.layer.0.output.dense.weight").data()[16]).isEqualTo(out[20 * 16]);
        EncoderDescription d = EncoderDescription.read(dir.resolve("narrow")).orElseThrow();
        assertThat(d.narrowed()).isTrue();
        assertThat(d.feedForward()).isEqualTo(2);
        assertThat(d.ofFeedForward()).isEqualTo(32);
        assertThatThrownBy(() -> OnnxEncoderCut.run(bundle, 0, 2, 33, "wide", dir.resolve("wide")))
                .hasMessageContaining("has 32 feed-forward neurons; cannot keep 33");
    }
}
