package io.nerco.stream;

import java.util.Arrays;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * A cumulative histogram with fixed upper bounds, as Prometheus expects: each bucket counts
 * the observations at or below its bound, and an implicit {@code +Inf} bucket counts all.
 * Thread-safe and lock-free (stream threads record while the HTTP thread reads); a snapshot
 * read during recording may be off by the observations in flight, never by more.
 */
final class Histogram {
    private final double[] upperBounds;
    private final LongAdder[] counts;
    private final LongAdder count = new LongAdder();
    private final DoubleAdder sum = new DoubleAdder();

    /** @param upperBounds the finite bucket bounds, strictly increasing, at least one */
    Histogram(double... upperBounds) {
        if (upperBounds.length == 0) {
            throw new IllegalArgumentException("a histogram needs at least one bucket bound");
        }
        for (int i = 1; i < upperBounds.length; i++) {
            if (!(upperBounds[i] > upperBounds[i - 1])) {
                throw new IllegalArgumentException("bucket bounds must increase: " + Arrays.toString(upperBounds));
            }
        }
        this.upperBounds = upperBounds.clone();
        this.counts = new LongAdder[upperBounds.length];
        Arrays.setAll(counts, i -> new LongAdder());
    }

    void observe(double value) {
        int bucket = Arrays.binarySearch(upperBounds, value);
        if (bucket < 0) {
            bucket = -bucket - 1; // the first bound above the value
        }
        if (bucket < counts.length) {
            counts[bucket].increment();
        }
        count.increment();
        sum.add(value);
    }

    /** The finite bounds, in order. */
    double[] upperBounds() {
        return upperBounds.clone();
    }

    /** Observations at or below each finite bound, in the order of {@link #upperBounds()}. */
    long[] cumulativeCounts() {
        long[] cumulative = new long[counts.length];
        long running = 0;
        for (int i = 0; i < counts.length; i++) {
            running += counts[i].sum();
            cumulative[i] = running;
        }
        return cumulative;
    }

    /** All observations (the {@code +Inf} bucket). */
    long count() {
        return count.sum();
    }

    double sum() {
        return sum.sum();
    }
}
