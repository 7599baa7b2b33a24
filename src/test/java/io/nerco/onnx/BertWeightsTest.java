package io.nerco.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class BertWeightsTest {

    private static OnnxModelFile miniLm;
    private static BertWeights weights;

    @BeforeAll
    static void read() throws IOException {
        miniLm = OnnxModelFile.read(MiniLm.onnx());
        weights = BertWeights.read(miniLm);
    }

    @Test
    void mapsMiniLmByRole() {
        assertThat(weights.layers()).hasSize(6);
        assertThat(weights.hiddenSize()).isEqualTo(384);
        assertThat(weights.intermediateSize()).isEqualTo(1536);
        assertThat(weights.vocabularySize()).isEqualTo(30522);
        assertThat(weights.maxPositions()).isEqualTo(512);
        assertThat(weights.embeddings().tokenType().value().shape()).containsExactly(2, 384);

        BertWeights.Layer layer3 = weights.layers().get(3);
        assertThat(layer3.query().weight().value())
                .isEqualTo(miniLm.matMulWeight("/encoder/layer.3/attention/self/query/MatMul"));
        assertThat(layer3.query().bias().initializer()).isEqualTo("encoder.layer.3.attention.self.query.bias");
        assertThat(layer3.output().weight().value().shape()).containsExactly(1536, 384);
        assertThat(layer3.outputLayerNorm().beta().key()).isEqualTo("encoder.layer.3.output.LayerNorm.bias");
    }

    @Test
    void listsEveryParameterOnceWithHuggingFaceKeys() {
        // 3 tables + embedding LayerNorm (2) + 6 layers x (6 linears x 2 + 2 LayerNorms x 2)
        assertThat(weights.parameters()).hasSize(3 + 2 + 6 * 16);
        assertThat(weights.valuesByKey()).hasSize(weights.parameters().size())
                .containsKey("encoder.layer.5.intermediate.dense.weight");
        assertThat(weights.initializers()).hasSize(weights.parameters().size());
        long count = weights.parameters().stream().mapToLong(p -> p.value().data().length).sum();
        assertThat(count).isBetween(22_000_000L, 23_000_000L);
    }

    @Test
    void replacesValuesByKey() {
        Map<String, FloatTensor> values = new HashMap<>(weights.valuesByKey());
        FloatTensor zero = new FloatTensor(new long[] {384}, new float[384]);
        values.put("encoder.layer.0.attention.self.key.bias", zero);

        BertWeights changed = weights.withValues(values);
        assertThat(changed.layers().getFirst().key().bias().value()).isEqualTo(zero);
        assertThat(changed.initializers().get("encoder.layer.0.attention.self.key.bias")).isEqualTo(zero);

        values.remove("embeddings.LayerNorm.bias");
        assertThatThrownBy(() -> weights.withValues(values)).hasMessageContaining("embeddings.LayerNorm.bias");
    }
}
