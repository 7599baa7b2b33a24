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

    private final BertParameters p;

    public Crf(BertParameters parameters) {
        this.p = parameters;
    }

    /**
     * Mean NLL over the batch.
     *
     * @param emissions [batch, words, labels]
     * @param labels    gold label ids per sentence, {@code labels[b].length} ≥ 1 words, at most {@code words}
     */
    public NDArray nll(NDArray emissions, int[][] labels) {
        NDManager m = emissions.getManager();
        int batch = labels.length;
        int words = Math.toIntExact(emissions.getShape().get(1));
        int l = Math.toIntExact(emissions.getShape().get(2));
        NDArray trans = p.get("crf.transitions");
        NDArray start = p.get("crf.start");
        NDArray end = p.get("crf.end");

        float[] goldEmit = new float[batch * words * l];
        float[] transCounts = new float[l * l];
        float[] startCounts = new float[l];
        float[] endOneHot = new float[batch * l];
        float[] steps = new float[batch * words];
        for (int b = 0; b < batch; b++) {
            int[] y = labels[b];
            if (y.length == 0 || y.length > words) {
                throw new IllegalArgumentException("sentence " + b + " has " + y.length + " labels for " + words + " words");
            }
            startCounts[y[0]]++;
            endOneHot[b * l + y[y.length - 1]] = 1;
            for (int t = 0; t < y.length; t++) {
                goldEmit[(b * words + t) * l + y[t]] = 1;
                steps[b * words + t] = 1;
                if (t > 0) {
                    transCounts[y[t - 1] * l + y[t]]++;
                }
            }
        }
        NDArray endMask = m.create(endOneHot, new Shape(batch, l));
        NDArray gold = emissions.mul(m.create(goldEmit, new Shape(batch, words, l))).sum()
                .add(trans.mul(m.create(transCounts, new Shape(l, l))).sum())
                .add(start.mul(m.create(startCounts, new Shape(l))).sum())
                .add(endMask.mul(end.expandDims(0)).sum());

        NDArray stepMask = m.create(steps, new Shape(batch, words));
        NDArray alpha = start.expandDims(0).add(emissions.get(":, 0, :"));
        NDArray transB = trans.expandDims(0);
        for (int t = 1; t < words; t++) {
            NDArray next = logSumExp(alpha.expandDims(2).add(transB), 1).add(emissions.get(":, " + t + ", :"));
            NDArray on = stepMask.get(":, " + t).expandDims(1);
            alpha = next.mul(on).add(alpha.mul(on.neg().add(1f)));
        }
        NDArray logZ = logSumExp(alpha.add(end.expandDims(0)), 1).sum();
        return logZ.sub(gold).div(batch);
    }

    /** log Σ exp over one axis, stable; the axis is removed. */
    static NDArray logSumExp(NDArray x, int axis) {
        NDArray max = x.max(new int[] {axis}, true).stopGradient();
        return x.sub(max).exp().sum(new int[] {axis}, true).log().add(max).squeeze(axis);
    }
}
