package io.nerco.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DominanceGapTest {

    private static final PeerResult CORENLP = new PeerResult("CoreNLP", 1, 3453, 46435, 89.09, 50_000, 78);

    @Test
    void slowerAndLessAccurateNeedsBoth() {
        DominanceGap gap = DominanceGap.of(87.43, 10_000, CORENLP);

        assertThat(gap.f1Difference()).isCloseTo(-1.66, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(gap.speedRatio()).isEqualTo(0.2);
        assertThat(gap.dominates()).isFalse();
        assertThat(gap.describe()).isEqualTo("needs +1.66 F1 and x5.00 speed");
    }

    @Test
    void fasterButLessAccurateNeedsOnlyF1() {
        assertThat(DominanceGap.of(88.0, 60_000, CORENLP).describe()).isEqualTo("needs +1.09 F1");
        assertThat(DominanceGap.of(90.0, 25_000, CORENLP).describe()).isEqualTo("needs x2.00 speed");
    }

    @Test
    void atLeastAsGoodOnBothAxesDominates() {
        assertThat(DominanceGap.of(89.09, 50_000, CORENLP).dominates()).isTrue();
        assertThat(DominanceGap.of(90.0, 51_000, CORENLP).describe()).isEqualTo("dominates");
        assertThat(DominanceGap.of(Double.NaN, 51_000, CORENLP).describe()).isEqualTo("-");
    }
}
