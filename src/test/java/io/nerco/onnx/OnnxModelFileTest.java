package io.nerco.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxModelFileTest {

    private static OnnxModelFile miniLm;

    @BeforeAll
    static void readMiniLm() throws IOException {
        miniLm = OnnxModelFile.read(MiniLm.onnx());
    }

    @Test
    void readsTheEncoderContract() {
        assertThat(miniLm.inputs()).extracting(OnnxValueInfo::name)
                .containsExactly("input_ids", "attention_mask", "token_type_ids");
        assertThat(miniLm.inputs().getFirst().elementType()).isEqualTo("INT64");
        assertThat(miniLm.outputs()).singleElement().satisfies(out -> {
            assertThat(out.name()).isEqualTo("last_hidden_state");
            assertThat(out.elementType()).isEqualTo("FLOAT");
            assertThat(out.shape()).hasSize(3).last().isEqualTo(384L);
        });
    }

    @Test
    void findsTheThirtySixMatMulWeightsThroughTheirNodes() {
        List<String> shapes = new ArrayList<>();
        for (int layer = 0; layer < 6; layer++) {
            for (String part : List.of("attention/self/query", "attention/self/key", "attention/self/value",
                    "attention/output/dense", "intermediate/dense", "output/dense")) {
                String node = "/encoder/layer." + layer + "/" + part + "/MatMul";
                assertThat(miniLm.matMulWeightName(node)).startsWith("onnx::MatMul_");
                FloatTensor w = miniLm.matMulWeight(node);
                shapes.add(w.shape()[0] + "x" + w.shape()[1]);
            }
        }
        assertThat(shapes).hasSize(36);
        for (int layer = 0; layer < 6; layer++) {
            assertThat(shapes.subList(layer * 6, layer * 6 + 6))
                    .containsExactly("384x384", "384x384", "384x384", "384x384", "384x1536", "1536x384");
        }
    }

    @Test
    void decodesInitialisersWithTheirShapes() {
        FloatTensor words = miniLm.initializer("embeddings.word_embeddings.weight");
        assertThat(words.shape()).containsExactly(30522, 384);
        assertThat(words.data()).hasSize(30522 * 384);
        assertThat(miniLm.initializer("encoder.layer.0.attention.output.LayerNorm.weight").shape()).containsExactly(384);
        // LayerNorm scales of a trained model sit around 1, nowhere near garbage from a wrong byte order.
        float[] gamma = miniLm.initializer("embeddings.LayerNorm.weight").data();
        double mean = 0;
        for (float g : gamma) {
            mean += g / gamma.length;
        }
        assertThat(mean).isBetween(0.1, 5.0);
    }

    @Test
    void namesWhatIsMissing() {
        assertThatThrownBy(() -> miniLm.initializer("nope")).isInstanceOf(OnnxFormatException.class)
                .hasMessageContaining("nope");
        assertThatThrownBy(() -> miniLm.matMulWeightName("/encoder/layer.0/attention/self/query/Add"))
                .isInstanceOf(OnnxFormatException.class).hasMessageContaining("not a MatMul");
        assertThatThrownBy(() -> miniLm.initializer("embeddings.position_ids"))
                .isInstanceOf(OnnxFormatException.class).hasMessageContaining("INT64");
    }

    @Test
    void writesNewInitialiserValuesAndKeepsTheGraph(@TempDir Path dir) throws IOException {
        String name = "encoder.layer.2.output.dense.bias";
        float[] bias = new float[384];
        for (int i = 0; i < bias.length; i++) {
            bias[i] = i * 0.5f;
        }
        Path out = dir.resolve("changed.onnx");
        miniLm.withInitializers(Map.of(name, FloatTensor.ofVector(bias))).write(out);

        OnnxModelFile back = OnnxModelFile.read(out);
        assertThat(back.initializer(name).data()).containsExactly(bias);
        assertThat(back.initializer("embeddings.LayerNorm.weight"))
                .isEqualTo(miniLm.initializer("embeddings.LayerNorm.weight"));
        assertThat(back.nodes()).isEqualTo(miniLm.nodes());
        assertThat(back.opsetImports()).isEqualTo(miniLm.opsetImports());
        assertThat(Files.size(out)).isBetween(Files.size(MiniLm.onnx()) - 1024, Files.size(MiniLm.onnx()) + 1024);
    }

    @Test
    void refusesReplacementsOfAnotherShape() {
        assertThatThrownBy(() -> miniLm.withInitializers(
                Map.of("embeddings.LayerNorm.weight", FloatTensor.ofVector(new float[3]))))
                .isInstanceOf(OnnxFormatException.class).hasMessageContaining("[384]");
    }
}
