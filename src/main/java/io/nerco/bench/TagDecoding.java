package io.nerco.bench;

import io.nerco.model.BundleManifest;

/**
 * Emissions of one sentence's words to label ids: Viterbi under the bundle's CRF, or the
 * best label per word for a softmax head. The benchmark's own copy, so it can time decoding
 * as a stage of its own; the runtime's decoder is the one that serves. Stateless.
 */
final class TagDecoding {

    private TagDecoding() {}

    /** @param emissions [words][labels]; @param crf transitions or null for argmax */
    static int[] decode(float[][] emissions, BundleManifest.Crf crf) {
        return crf == null ? argmax(emissions) : viterbi(emissions, crf);
    }

    static int[] argmax(float[][] emissions) {
        int[] out = new int[emissions.length];
        for (int t = 0; t < emissions.length; t++) {
            int best = 0;
            for (int j = 1; j < emissions[t].length; j++) {
                if (emissions[t][j] > emissions[t][best]) {
                    best = j;
                }
            }
            out[t] = best;
        }
        return out;
    }

    static int[] viterbi(float[][] emissions, BundleManifest.Crf crf) {
        int n = emissions.length;
        if (n == 0) {
            return new int[0];
        }
        int labels = emissions[0].length;
        float[] score = new float[labels];
        int[][] back = new int[n][labels];
        for (int j = 0; j < labels; j++) {
            score[j] = crf.start()[j] + emissions[0][j];
        }
        float[] next = new float[labels];
        for (int t = 1; t < n; t++) {
            for (int j = 0; j < labels; j++) {
                int arg = 0;
                float best = Float.NEGATIVE_INFINITY;
                for (int i = 0; i < labels; i++) {
                    float s = score[i] + crf.transitions()[i][j];
                    if (s > best) {
                        best = s;
                        arg = i;
                    }
                }
                next[j] = best + emissions[t][j];
                back[t][j] = arg;
            }
            float[] swap = score;
            score = next;
            next = swap;
        }
        int last = 0;
        for (int j = 0; j < labels; j++) {
            if (score[j] + crf.end()[j] > score[last] + crf.end()[last]) {
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
