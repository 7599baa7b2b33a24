package io.nerco.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * NerCo's supervised InfoNCE over token representations, no projection head.
 *
 * <p>Tokens are the first subwords of words; a token's class is its entity type with the
 * B-/I- prefix stripped, and O (class 0) is a class. Each entity token i is an anchor; every
 * other token j of its class is a positive, every token of another class (O included) a
 * negative; O tokens are negatives only. With s = cos / tau, the pair loss is the cross-entropy
 * of the positive among [s(i,j), s(i,n1..nK)]: {@code log(exp s_ij + Σ_n exp s_in) - s_ij}.
 * Pair losses are averaged per class over all its (anchor, positive) pairs and summed over
 * classes. Classes with a single token in the batch contribute nothing. Stateless.
 */
public final class ContrastiveLoss {

    private final float temperature;

    public ContrastiveLoss(float temperature) {
        if (!(temperature > 0)) {
            throw new IllegalArgumentException("temperature must be positive: " + temperature);
        }
        this.temperature = temperature;
    }

    /**
     * @param vectors [tokens, hidden] token representations (not yet normalised)
     * @param classes class per token, 0 = O
     * @return a scalar; zero when the batch has no anchor with a positive
     */
    public NDArray loss(NDArray vectors, int[] classes) {
        NDManager m = vectors.getManager();
        int n = classes.length;
        int maxClass = 0;
        for (int c : classes) {
            maxClass = Math.max(maxClass, c);
        }
        long[] count = new long[maxClass + 1];
        for (int c : classes) {
            count[c]++;
        }
        float[] weights = new float[n * n];
        float[] negativeMask = new float[n * n];
        boolean any = false;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                boolean same = classes[i] == classes[j];
                negativeMask[i * n + j] = same ? -1e9f : 0f;
                if (same && i != j && classes[i] != 0) {
                    weights[i * n + j] = 1f / (count[classes[i]] * (count[classes[i]] - 1));
                    any = true;
                }
            }
        }
        if (!any) {
            return vectors.sum().mul(0f);
        }
        NDArray unit = vectors.div(vectors.square().sum(new int[] {1}, true).sqrt().maximum(1e-12f));
        NDArray s = unit.matMul(unit.transpose()).div(temperature);
        NDArray negatives = Crf.logSumExp(s.add(m.create(negativeMask, new Shape(n, n))), 1).expandDims(1);
        // log(exp s_ij + exp negatives_i) - s_ij, computed stably
        NDArray high = s.maximum(negatives).stopGradient();
        NDArray pair = s.sub(high).exp().add(negatives.sub(high).exp()).log().add(high).sub(s);
        return pair.mul(m.create(weights, new Shape(n, n))).sum();
    }
}
