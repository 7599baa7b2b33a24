package io.nerco.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.nerco.model.BundleManifest;
import org.junit.jupiter.api.Test;

class TagDecodingTest {

    private static final float[][] EMISSIONS = {{0, 1}, {0.6f, 0}, {0, 1}};

    @Test
    void withoutACrfEachWordTakesItsBestLabel() {
        assertThat(TagDecoding.decode(EMISSIONS, null)).containsExactly(1, 0, 1);
    }

    @Test
    void viterbiTradesEmissionsAgainstTransitions() {
        float[] zero = {0, 0};
        // Leaving label 1 costs 2, more than the 0.6 the middle word gains by it: stay on 1.
        BundleManifest.Crf sticky = new BundleManifest.Crf(new float[][] {{0, 0}, {-2, 0}}, zero, zero);
        assertThat(TagDecoding.decode(EMISSIONS, sticky)).containsExactly(1, 1, 1);
        BundleManifest.Crf free = new BundleManifest.Crf(new float[][] {{0, 0}, {0, 0}}, zero, zero);
        assertThat(TagDecoding.decode(EMISSIONS, free)).containsExactly(1, 0, 1);
    }
}
