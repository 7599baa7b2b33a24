package io.nerco.distil;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.nerco.model.BundleManifest;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Forward-backward against enumerating every label sequence of short sentences. */
class CrfPosteriorTest {

    private static final List<String> LABELS = List.of("O", "B-LOC", "I-LOC", "B-PER", "I-PER");

    @Test
    void marginalsAndTransitionCountsMatchEnumerationUnderTheBioConstraints() {
        Random random = new Random(7);
        int n = LABELS.size();
        for (int trial = 0; trial < 5; trial++) {
            BundleManifest.Crf crf = new BundleManifest.Crf(randomMatrix(random, n, n), randomMatrix(random, 1, n)[0],
                    randomMatrix(random, 1, n)[0]);
            int len = 1 + trial;
            float[][] emissions = randomMatrix(random, len, n);
            CrfPosterior.Marginals got = new CrfPosterior(LABELS, crf).of(emissions);

            double[][] unary = new double[len][n];
            double[][] pairwise = new double[n][n];
            double z = 0;
            int[] y = new int[len];
            for (int code = 0; code < Math.pow(n, len); code++) {
                int c = code;
                for (int t = 0; t < len; t++) {
                    y[t] = c % n;
                    c /= n;
                }
                if (!valid(y)) {
                    continue;
                }
                double score = crf.start()[y[0]] + crf.end()[y[len - 1]];
                for (int t = 0; t < len; t++) {
                    score += emissions[t][y[t]] + (t > 0 ? crf.transitions()[y[t - 1]][y[t]] : 0);
                }
                double p = Math.exp(score);
                z += p;
                for (int t = 0; t < len; t++) {
                    unary[t][y[t]] += p;
                    if (t > 0) {
                        pairwise[y[t - 1]][y[t]] += p;
                    }
                }
            }
            for (int t = 0; t < len; t++) {
                for (int j = 0; j < n; j++) {
                    assertThat((double) got.unary()[t][j]).as("word %d label %s", t, LABELS.get(j)).isCloseTo(unary[t][j] / z, within(1e-5));
                }
            }
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    assertThat((double) got.pairwise()[i][j]).isCloseTo(pairwise[i][j] / z, within(1e-5));
                }
            }
        }
    }

    @Test
    void anInsideTagNeverStartsASentenceOrFollowsAnotherType() {
        float[][] emissions = {{0, 0, 9, 0, 0}, {0, 0, 0, 0, 9}};
        CrfPosterior.Marginals m = new CrfPosterior(LABELS, new BundleManifest.Crf(new float[5][5], new float[5], new float[5]))
                .of(emissions);
        assertThat(m.unary()[0][2]).isZero();
        assertThat(m.pairwise()[2][4]).isZero();
        assertThat(m.pairwise()[0][4]).isZero();
        assertThat(m.pairwise()[3][4] + m.pairwise()[4][4]).isGreaterThan(0.9f);
    }

    private static boolean valid(int[] y) {
        for (int t = 0; t < y.length; t++) {
            String label = LABELS.get(y[t]);
            if (label.startsWith("I-")) {
                String type = label.substring(2);
                if (t == 0 || !LABELS.get(y[t - 1]).substring(Math.min(2, LABELS.get(y[t - 1]).length())).equals(type)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static float[][] randomMatrix(Random random, int rows, int cols) {
        float[][] m = new float[rows][cols];
        for (float[] row : m) {
            for (int j = 0; j < cols; j++) {
                row[j] = (float) random.nextGaussian();
            }
        }
        return m;
    }
}
