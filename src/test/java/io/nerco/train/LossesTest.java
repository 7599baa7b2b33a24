package io.nerco.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.junit.jupiter.api.Test;

/** CRF NLL, Viterbi and the contrastive loss on cases small enough to work out by hand. */
class LossesTest {

    private static final BertConfig TINY = new BertConfig(10, 4, 1, 1, 8, 8, 2, 1e-12f, 0f);

    @Test
    void crfNllIsLogPartitionMinusGoldPathScore() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            ModelParameters p = ModelParameters.random(m, TINY, 2, 1);
            p.assign("crf.transitions", new float[] {0.5f, 0f, 0f, 0.2f});
            p.assign("crf.start", new float[] {0.1f, 0f});
            p.assign("crf.end", new float[] {0f, 0.3f});
            NDArray emissions = m.create(new float[] {1, 0, 0, 2}, new Shape(1, 2, 2));
            float nll = new Crf(p).nll(emissions, new int[][] {{0, 1}}).getFloat();
            // paths (y0,y1): start + e0 + trans + e1 + end
            double s00 = 0.1 + 1 + 0.5 + 0 + 0;
            double s01 = 0.1 + 1 + 0 + 2 + 0.3;
            double s10 = 0 + 0 + 0 + 0 + 0;
            double s11 = 0 + 0 + 0.2 + 2 + 0.3;
            double logZ = Math.log(Math.exp(s00) + Math.exp(s01) + Math.exp(s10) + Math.exp(s11));
            assertThat((double) nll).isCloseTo(logZ - s01, within(1e-5));
        }
    }

    @Test
    void crfNllIgnoresPaddedWordsOfShorterSentences() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            ModelParameters p = ModelParameters.random(m, TINY, 2, 1);
            p.assign("crf.transitions", new float[] {0.5f, -1f, 0.3f, 0.2f});
            NDArray one = m.create(new float[] {1, 0.5f}, new Shape(1, 1, 2));
            NDArray padded = m.create(new float[] {1, 0.5f, 9, -9}, new Shape(1, 2, 2));
            Crf crf = new Crf(p);
            assertThat(crf.nll(padded, new int[][] {{1}}).getFloat())
                    .isCloseTo(crf.nll(one, new int[][] {{1}}).getFloat(), within(1e-6f));
        }
    }

    @Test
    void viterbiNeverStartsOrContinuesWithAForeignInside() {
        List<String> labels = List.of("O", "B-PER", "I-PER", "B-LOC", "I-LOC");
        float[][] zero = new float[5][5];
        Viterbi v = new Viterbi(labels, zero, new float[5], new float[5]);
        // I-PER scores best at the start, then I-LOC: allowed paths must open with B-
        float[][] e = {{0, 1, 3, 0, 0}, {0, 0, 0, 0, 3}};
        int[] path = v.decode(e);
        assertThat(labels.get(path[0])).startsWith("B-");
        assertThat(Viterbi.allowed(labels.get(path[0]), labels.get(path[1]))).isTrue();
        // B-PER I-PER (1+0) vs B-LOC I-LOC (0+3) vs O I-? not allowed: best is B-LOC I-LOC
        assertThat(path).containsExactly(3, 4);
    }

    @Test
    void viterbiUsesLearnedTransitions() {
        List<String> labels = List.of("O", "B-PER", "I-PER");
        float[][] t = new float[3][3];
        t[1][2] = 5; // B-PER -> I-PER strongly preferred
        Viterbi v = new Viterbi(labels, t, new float[3], new float[3]);
        assertThat(v.decode(new float[][] {{0, 1, 0}, {1, 0, 0}})).containsExactly(1, 2);
    }

    @Test
    void contrastiveLossMatchesHandComputedInfoNce() {
        float tau = 0.5f;
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            // tokens 0 and 1 are PER (class 1), token 2 is O; vectors not unit length on purpose
            NDArray v = m.create(new float[] {2, 0, 0.6f, 0.8f, 0, 3}, new Shape(3, 2));
            float loss = new ContrastiveLoss(tau).loss(v, new int[] {1, 1, 0}).getFloat();
            double c01 = 0.6, c02 = 0, c12 = 0.8;
            double anchor0 = Math.log(Math.exp(c01 / tau) + Math.exp(c02 / tau)) - c01 / tau;
            double anchor1 = Math.log(Math.exp(c01 / tau) + Math.exp(c12 / tau)) - c01 / tau;
            assertThat((double) loss).isCloseTo((anchor0 + anchor1) / 2, within(1e-5));
        }
    }

    @Test
    void contrastiveLossIsZeroWithoutPositives() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            NDArray v = m.create(new float[] {1, 0, 0, 1}, new Shape(2, 2));
            assertThat(new ContrastiveLoss(0.07f).loss(v, new int[] {1, 0}).getFloat()).isZero();
        }
    }
}
