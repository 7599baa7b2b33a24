package io.nerco.bench;

import java.util.Arrays;

/** Median of repeated timings; the median, not the mean, because the machine is shared. Stateless. */
final class Stopwatch {

    private Stopwatch() {}

    static double medianSeconds(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        double median = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
        return median / 1e9;
    }
}
