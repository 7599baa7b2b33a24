package io.nerco.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ViterbiDecoderTest {

    private final LabelSet labels = new LabelSet(List.of("O", "B-PER", "I-PER", "B-ORG", "I-ORG"));

    @Test
    void neverStartsWithInsideAndNeverSwitchesType() {
        ViterbiDecoder decoder = new ViterbiDecoder(labels, null);
        // Greedy would give I-PER, I-ORG: both invalid.
        int[] path = decoder.decode(new float[][] {{0, 0, 5, 0, 0}, {0, 0, 0, 0, 5}});
        assertThat(path[0]).isNotEqualTo(2);
        assertThat(labels.allowed(path[0], path[1])).isTrue();
    }

    @Test
    void transitionsAndEndScoresChangeThePath() {
        float[][] emissions = {{0, 2, 0, 0, 0}, {1, 0, 0.9f, 0, 0}};
        assertThat(new ViterbiDecoder(labels, null).decode(emissions)).containsExactly(1, 0);
        float[][] t = new float[5][5];
        t[1][2] = 1f;
        assertThat(new ViterbiDecoder(labels, new BundleManifest.Crf(t, new float[5], new float[5])).decode(emissions)).containsExactly(1, 2);
        float[] end = new float[5];
        end[0] = 5f;
        assertThat(new ViterbiDecoder(labels, new BundleManifest.Crf(t, new float[5], end)).decode(emissions)).containsExactly(1, 0);
    }

    @Test
    void rejectsNonBioLabelsAndBadCrf() {
        assertThatThrownBy(() -> new LabelSet(List.of("O", "I-PER"))).hasMessageContaining("I-PER");
        assertThatThrownBy(() -> new LabelSet(List.of("B-PER"))).hasMessageContaining("lack O");
        assertThatThrownBy(() -> new ViterbiDecoder(labels, new BundleManifest.Crf(new float[2][2], new float[5], new float[5])))
                .hasMessageContaining("CRF");
    }
}
