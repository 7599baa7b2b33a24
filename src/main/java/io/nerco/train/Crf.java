package io.nerco.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Linear-chain CRF negative log-likelihood (forward algorithm) over word emissions, with learned
 * transitions, start and end scores ({@code crf.transitions[from][to]}, {@code crf.start},
 * {@code crf.end}). Stateless; thread-safe.
 */
public final class Crf {

    private final ModelParameters p;

    public Crf(ModelParameters parameters) {
        this.p = parameters;
    }

    /**
     * Mean NLL of gold sequences over the batch.
     *
     * @param emissions [batch, words, labels]
     * @param labels    gold label ids per sentence, {@code labels[b].length} ≥ 1 words, at most {@code words}
     */
    public NDArray nll(NDArray emissions, int[][] labels) {
        return nll(emissions, CrfTargets.gold(labels, Math.toIntExact(emissions.getShape().get(1)),
                Math.toIntExact(emissions.getShape().get(2))));
    }

    /**
     * Mean over the batch of the cross-entropy between the target distribution over label
     * sequences (gold, a teacher's posterior, or a mix) and the CRF's: log Z minus the expected
     * score of a sequence under the targets.
     *
     * @param emissions [batch, words, labels], as {@code targets} was built for
     */
    NDArray nll(NDArray emissions, CrfTargets targets) {
        NDManager m = emissions.getManager();
        int batch = targets.batch;
        int words = targets.words;
        int l = targets.labels;
        if (emissions.getShape().get(0) != batch || emissions.getShape().get(1) != words || emissions.getShape().get(2) != l) {
            throw new IllegalArgumentException("emissions " + emissions.getShape() + " for targets of " + batch + " x "
                    + words + " x " + l);
        }
        NDArray trans = p.get("crf.transitions");
        NDArray start = p.get("crf.start");
        NDArray end = p.get("crf.end");
        float[] steps = new float[batch * words];
        for (int b = 0; b < batch; b++) {
            java.util.Arrays.fill(steps, b * words, b * words + targets.lengths[b], 1f);
        }
        NDArray endWeights = m.create(targets.end, new Shape(batch, l));
        NDArray expected = emissions.mul(m.create(targets.emission, new Shape(batch, words, l))).sum()
                .add(trans.mul(m.create(targets.transition, new Shape(l, l))).sum())
                .add(start.mul(m.create(targets.start, new Shape(l))).sum())
                .add(endWeights.mul(end.expandDims(0)).sum());

        NDArray stepMask = m.create(steps, new Shape(batch, words));
        NDArray alpha = start.expandDims(0).add(emissions.get(":, 0, :"));
        NDArray transB = trans.expandDims(0);
        for (int t = 1; t < words; t++) {
            NDArray next = logSumExp(alpha.expandDims(2).add(transB), 1).add(emissions.get(":, " + t + ", :"));
            NDArray on = stepMask.get(":, " + t).expandDims(1);
            alpha = next.mul(on).add(alpha.mul(on.neg().add(1f)));
        }
        NDArray logZ = logSumExp(alpha.add(end.expandDims(0)), 1).sum();
        return logZ.sub(expected).div(batch);
    }

    /** log Σ exp over one axis, stable; the axis is removed. */
    static NDArray logSumExp(NDArray x, int axis) {
        NDArray max = x.max(new int[] {axis}, true).stopGradient();
        return x.sub(max).exp().sum(new int[] {axis}, true).log().add(max).squeeze(axis);
    }
}
