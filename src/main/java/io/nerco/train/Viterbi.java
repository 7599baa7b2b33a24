package io.nerco.train;

import java.util.List;

/**
 * BIO-constrained Viterbi decoding over word emissions with CRF scores: an {@code I-X} may only
 * follow {@code B-X} or {@code I-X}, and a sentence may not start with {@code I-X}. Immutable;
 * thread-safe.
 */
public final class Viterbi {

    private final float[][] transitions;
    private final float[] start;
    private final float[] end;
    private final int labels;

    /**
     * @param labels      label names in emission order ({@code O}, {@code B-X}, {@code I-X})
     * @param transitions [from][to] learned scores; copied and masked with the BIO constraints
     * @param start       start scores, copied
     * @param end         end scores, copied
     */
    public Viterbi(List<String> labels, float[][] transitions, float[] start, float[] end) {
        this.labels = labels.size();
        this.transitions = new float[this.labels][];
        this.start = start.clone();
        this.end = end.clone();
        for (int i = 0; i < this.labels; i++) {
            this.transitions[i] = transitions[i].clone();
            for (int j = 0; j < this.labels; j++) {
                if (!allowed(labels.get(i), labels.get(j))) {
                    this.transitions[i][j] = Float.NEGATIVE_INFINITY;
                }
            }
            if (labels.get(i).startsWith("I-")) {
                this.start[i] = Float.NEGATIVE_INFINITY;
            }
        }
    }

    static boolean allowed(String from, String to) {
        return !to.startsWith("I-") || (from.length() > 2 && from.substring(2).equals(to.substring(2)));
    }

    /** Best label ids for one sentence; {@code emissions[word][label]}, at least one word. */
    public int[] decode(float[][] emissions) {
        int n = emissions.length;
        float[][] score = new float[n][labels];
        int[][] back = new int[n][labels];
        for (int j = 0; j < labels; j++) {
            score[0][j] = start[j] + emissions[0][j];
        }
        for (int t = 1; t < n; t++) {
            for (int j = 0; j < labels; j++) {
                float best = Float.NEGATIVE_INFINITY;
                int arg = 0;
                for (int i = 0; i < labels; i++) {
                    float s = score[t - 1][i] + transitions[i][j];
                    if (s > best) {
                        best = s;
                        arg = i;
                    }
                }
                score[t][j] = best + emissions[t][j];
                back[t][j] = arg;
            }
        }
        int last = 0;
        float best = Float.NEGATIVE_INFINITY;
        for (int j = 0; j < labels; j++) {
            float s = score[n - 1][j] + end[j];
            if (s > best) {
                best = s;
                last = j;
            }
        }
        int[] path = new int[n];
        path[n - 1] = last;
        for (int t = n - 1; t > 0; t--) {
            path[t - 1] = back[t][path[t]];
        }
        return path;
    }
}
