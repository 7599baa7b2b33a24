package io.nerco.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Random;
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

    @Test
    void pathProbabilitiesAreTheCrfsSoftmaxOverEveryAllowedSequence() {
        Random random = new Random(7);
        float[][] t = new float[5][5];
        float[] start = new float[5];
        float[] end = new float[5];
        for (int i = 0; i < 5; i++) {
            start[i] = random.nextFloat() - 0.5f;
            end[i] = random.nextFloat() - 0.5f;
            for (int j = 0; j < 5; j++) {
                t[i][j] = 2 * random.nextFloat() - 1;
            }
        }
        float[][] emissions = new float[3][5];
        for (float[] row : emissions) {
            for (int j = 0; j < 5; j++) {
                row[j] = 4 * random.nextFloat() - 2;
            }
        }
        ViterbiDecoder decoder = new ViterbiDecoder(labels, new BundleManifest.Crf(t, start, end));

        double z = 0;
        double bestScore = Double.NEGATIVE_INFINITY;
        double total = 0;
        for (int a = 0; a < 5; a++) {
            for (int b = 0; b < 5; b++) {
                for (int c = 0; c < 5; c++) {
                    if (labels.isInside(a) || !labels.allowed(a, b) || !labels.allowed(b, c)) {
                        continue;
                    }
                    double score = (double) start[a] + emissions[0][a] + t[a][b] + emissions[1][b] + t[b][c] + emissions[2][c] + end[c];
                    z += Math.exp(score);
                    bestScore = Math.max(bestScore, score);
                    total += decoder.pathProbability(emissions, new int[] {a, b, c});
                }
            }
        }
        assertThat(total).isCloseTo(1.0, within(1e-9));
        assertThat(decoder.pathProbability(emissions, decoder.decode(emissions))).isCloseTo(Math.exp(bestScore) / z, within(1e-9));
        assertThat(decoder.pathProbability(new float[0][], new int[0])).isEqualTo(1.0);
    }
}
