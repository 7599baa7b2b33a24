package io.nerco.distil;

import io.nerco.model.BundleManifest;
import io.nerco.model.LogSpace;
import java.util.List;

/**
 * A linear-chain CRF's posterior over the label sequences of one sentence, by the
 * forward-backward algorithm, under the same hard BIO constraints serving decodes with (no I-X
 * at the start, I-X only after B-X or I-X): each word's label marginals and the expected count
 * of each label transition. These are all a student's CRF needs to learn the teacher's whole
 * distribution over sequences: its expected score under the teacher is linear in them.
 * Immutable; thread-safe.
 */
public final class CrfPosterior {

    /**
     * @param unary    per word, the probability of each label
     * @param pairwise {@code pairwise[from][to]}: expected transitions over the sentence
     */
    public record Marginals(float[][] unary, float[][] pairwise) {}

    private final int n;
    private final float[][] transitions;
    private final float[] start;
    private final float[] end;
    private final boolean[] inside;
    private final boolean[][] allowed;

    /** @param labels IOB2 labels ({@code O}, {@code B-X}, {@code I-X}) in the order of the CRF's rows */
    public CrfPosterior(List<String> labels, BundleManifest.Crf crf) {
        this.n = labels.size();
        this.transitions = crf.transitions();
        this.start = crf.start();
        this.end = crf.end();
        this.inside = new boolean[n];
        this.allowed = new boolean[n][n];
        for (int j = 0; j < n; j++) {
            inside[j] = labels.get(j).startsWith("I-");
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                String type = labels.get(j).substring(Math.min(2, labels.get(j).length()));
                allowed[i][j] = !inside[j] || labels.get(i).equals("B-" + type) || labels.get(i).equals("I-" + type);
            }
        }
    }

    /** @param emissions one row of label scores per word, at least one word */
    public Marginals of(float[][] emissions) {
        int len = emissions.length;
        if (len == 0) {
            throw new IllegalArgumentException("a sentence without words has no posterior");
        }
        double[][] alpha = new double[len][n];
        double[][] beta = new double[len][n];
        double[] terms = new double[n];
        for (int j = 0; j < n; j++) {
            alpha[0][j] = inside[j] ? Double.NEGATIVE_INFINITY : start[j] + emissions[0][j];
        }
        for (int t = 1; t < len; t++) {
            for (int j = 0; j < n; j++) {
                for (int i = 0; i < n; i++) {
                    terms[i] = allowed[i][j] ? alpha[t - 1][i] + transitions[i][j] : Double.NEGATIVE_INFINITY;
                }
                alpha[t][j] = LogSpace.logSumExp(terms) + emissions[t][j];
            }
        }
        for (int i = 0; i < n; i++) {
            beta[len - 1][i] = end[i];
        }
        for (int t = len - 2; t >= 0; t--) {
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    terms[j] = allowed[i][j] ? transitions[i][j] + emissions[t + 1][j] + beta[t + 1][j] : Double.NEGATIVE_INFINITY;
                }
                beta[t][i] = LogSpace.logSumExp(terms);
            }
        }
        for (int j = 0; j < n; j++) {
            terms[j] = alpha[len - 1][j] + end[j];
        }
        double logZ = LogSpace.logSumExp(terms);
        float[][] unary = new float[len][n];
        float[][] pairwise = new float[n][n];
        for (int t = 0; t < len; t++) {
            for (int j = 0; j < n; j++) {
                unary[t][j] = (float) Math.exp(alpha[t][j] + beta[t][j] - logZ);
                if (t > 0) {
                    for (int i = 0; i < n; i++) {
                        if (allowed[i][j]) {
                            pairwise[i][j] += (float) Math.exp(alpha[t - 1][i] + transitions[i][j] + emissions[t][j]
                                    + beta[t][j] - logZ);
                        }
                    }
                }
            }
        }
        return new Marginals(unary, pairwise);
    }
}
