package io.nerco.train;

import io.nerco.distil.CrfPosterior;
import java.util.List;

/**
 * What a batch's CRF loss is measured against, as the sufficient statistics of a distribution
 * over label sequences: per word the weight of each label, and summed over the batch the
 * weight of each transition, start and end label. Gold labels put weight 1 on one sequence; a
 * teacher's posterior spreads it. The CRF's negative log-likelihood is linear in these, so a mix
 * of gold and teacher is the mix of their statistics. Immutable.
 */
final class CrfTargets {

    final int batch;
    final int words;
    final int labels;
    final int[] lengths;
    /** [batch * words * labels] */
    final float[] emission;
    /** [labels * labels], from * labels + to */
    final float[] transition;
    /** [labels] */
    final float[] start;
    /** [batch * labels] */
    final float[] end;

    private CrfTargets(int[] lengths, int words, int labels) {
        this.batch = lengths.length;
        this.words = words;
        this.labels = labels;
        this.lengths = lengths;
        this.emission = new float[batch * words * labels];
        this.transition = new float[labels * labels];
        this.start = new float[labels];
        this.end = new float[batch * labels];
        for (int b = 0; b < batch; b++) {
            if (lengths[b] == 0 || lengths[b] > words) {
                throw new IllegalArgumentException("sentence " + b + " has " + lengths[b] + " labels for " + words + " words");
            }
        }
    }

    /** One sequence per sentence: {@code gold[b]} has 1 to {@code words} label ids. */
    static CrfTargets gold(int[][] gold, int words, int labels) {
        int[] lengths = new int[gold.length];
        for (int b = 0; b < gold.length; b++) {
            lengths[b] = gold[b].length;
        }
        CrfTargets t = new CrfTargets(lengths, words, labels);
        for (int b = 0; b < gold.length; b++) {
            int[] y = gold[b];
            t.start[y[0]]++;
            t.end[b * labels + y[y.length - 1]] = 1;
            for (int w = 0; w < y.length; w++) {
                t.emission[(b * words + w) * labels + y[w]] = 1;
                if (w > 0) {
                    t.transition[y[w - 1] * labels + y[w]]++;
                }
            }
        }
        return t;
    }

    /** A teacher's posterior per sentence, each over 1 to {@code words} words. */
    static CrfTargets posterior(List<CrfPosterior.Marginals> marginals, int words, int labels) {
        int[] lengths = marginals.stream().mapToInt(m -> m.unary().length).toArray();
        CrfTargets t = new CrfTargets(lengths, words, labels);
        for (int b = 0; b < lengths.length; b++) {
            float[][] unary = marginals.get(b).unary();
            float[][] pairwise = marginals.get(b).pairwise();
            for (int j = 0; j < labels; j++) {
                t.start[j] += unary[0][j];
                t.end[b * labels + j] = unary[unary.length - 1][j];
                for (int i = 0; i < labels; i++) {
                    t.transition[i * labels + j] += pairwise[i][j];
                }
            }
            for (int w = 0; w < unary.length; w++) {
                System.arraycopy(unary[w], 0, t.emission, (b * words + w) * labels, labels);
            }
        }
        return t;
    }

    /** {@code (1 - weight) * this + weight * other}, for the same sentences. */
    CrfTargets mixedWith(CrfTargets other, float weight) {
        if (!java.util.Arrays.equals(lengths, other.lengths) || words != other.words || labels != other.labels) {
            throw new IllegalArgumentException("targets of different batches cannot be mixed");
        }
        CrfTargets t = new CrfTargets(lengths, words, labels);
        mix(emission, other.emission, weight, t.emission);
        mix(transition, other.transition, weight, t.transition);
        mix(start, other.start, weight, t.start);
        mix(end, other.end, weight, t.end);
        return t;
    }

    private static void mix(float[] a, float[] b, float weight, float[] out) {
        for (int i = 0; i < a.length; i++) {
            out[i] = (1 - weight) * a[i] + weight * b[i];
        }
    }
}
