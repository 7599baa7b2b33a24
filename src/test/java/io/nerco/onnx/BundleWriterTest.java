package io.nerco.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nerco.model.BundleManifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BundleWriterTest {

    private static final List<String> LABELS = List.of("O", "B-PER", "I-PER", "B-ORG", "I-ORG");

    @TempDir
    Path dir;

    @Test
    void writesAnInt8BundleTheServingSideCanRead() throws IOException, OrtException {
        Path bundle = dir.resolve("bundle");
        BundleManifest written = BundleWriter.write(bundle, contents(384), BundleWriter.Precision.INT8);

        BundleManifest read = new ObjectMapper().readValue(bundle.resolve("model.json").toFile(), BundleManifest.class);
        assertThat(read.quantization()).isEqualTo("int8");
        assertThat(read.labels()).isEqualTo(LABELS);
        assertThat(read.crf().transitions()[1][2]).isEqualTo(0.5f);
        assertThat(read.files()).isEqualTo(written.files()).containsOnlyKeys("encoder.onnx", "tagger.onnx", "tokenizer.json");
        for (Map.Entry<String, String> f : read.files().entrySet()) {
            assertThat(BundleWriter.sha256(bundle.resolve(f.getKey()))).isEqualTo(f.getValue());
        }
        long total = 0;
        for (String f : read.files().keySet()) {
            total += Files.size(bundle.resolve(f));
        }
        assertThat(total).isLessThan(BundleWriter.DEFAULT_MAX_BYTES);

        JsonNode tokenizer = new ObjectMapper().readTree(bundle.resolve("tokenizer.json").toFile());
        assertThat(tokenizer.get("padding").isNull()).isTrue();
        assertThat(tokenizer.get("truncation").isNull()).isTrue();
        try (HuggingFaceTokenizer t = HuggingFaceTokenizer.newInstance(bundle.resolve("tokenizer.json"), Map.of())) {
            String longText = "word ".repeat(300);
            assertThat(t.encode(longText).getIds()).hasSize(302);
        }

        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession encoder = EncoderRunner.open(bundle.resolve("encoder.onnx"));
             OrtSession.SessionOptions options = new OrtSession.SessionOptions();
             OrtSession tagger = env.createSession(bundle.resolve("tagger.onnx").toString(), options)) {
            assertThat(encoder.getOutputNames()).containsExactly("last_hidden_state");
            assertThat(tagger.getInputNames()).containsExactly("hidden_states");
        }
    }

    @Test
    void refusesAnFp32MiniLmBundleOverTheSizeLimit() {
        assertThatThrownBy(() -> BundleWriter.write(dir.resolve("fp32"), contents(384), BundleWriter.Precision.FP32))
                .isInstanceOf(BundleWriter.BundleTooLargeException.class).hasMessageContaining("int8");
        assertThat(dir.resolve("fp32/model.json")).doesNotExist();
    }

    @Test
    void refusesATaggerThatDoesNotFitTheEncoder() {
        assertThatThrownBy(() -> BundleWriter.write(dir.resolve("b"), contents(128), BundleWriter.Precision.INT8))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("hidden size is 384");
    }

    private static BundleWriter.Contents contents(int hidden) {
        Random random = new Random(3);
        float[][] weight = LinearTaggerGraphTest.randomMatrix(random, hidden, LABELS.size());
        float[][] transitions = new float[LABELS.size()][LABELS.size()];
        transitions[1][2] = 0.5f;
        BundleManifest manifest = new BundleManifest(1, "test-ner", "0.0.1", "en", LABELS, "BIO", 256, true, null,
                new BundleManifest.Crf(transitions, new float[LABELS.size()], new float[LABELS.size()]),
                Map.of("name", "all-minilm-l6-v2"), null, null, null);
        return new BundleWriter.Contents(MiniLm.onnx(), weight, new float[LABELS.size()], MiniLm.tokenizer(), manifest);
    }
}
