package io.nerco.model;

/** Sums of probabilities kept as logarithms, as the CRF's forward and backward passes need them. */
public final class LogSpace {

    private LogSpace() {}

    /** {@code log(Σ exp x_i)}, stable for large values; negative infinity when every term is. */
    public static double logSumExp(double[] x) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : x) {
            max = Math.max(max, v);
        }
        if (max == Double.NEGATIVE_INFINITY) {
            return max;
        }
        double sum = 0;
        for (double v : x) {
            sum += Math.exp(v - max);
        }
        return max + Math.log(sum);
    }
}
