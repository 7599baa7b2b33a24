package io.nerco.bench;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Summary of measured latencies in milliseconds: count, percentiles by the nearest-rank method
 * (the smallest value with at least p% of the values at or below it, so every percentile is a
 * latency that was really seen), mean and max. Immutable; keeps a sorted copy for plots.
 *
 * @param sortedMillis every latency, ascending
 */
public record LatencyStats(long[] sortedMillis) {

    public LatencyStats {
        sortedMillis = sortedMillis.clone();
        Arrays.sort(sortedMillis);
    }

    /** Statistics of the given latencies (any order); negative values are an error (clocks went back). */
    public static LatencyStats of(long[] millis) {
        for (long m : millis) {
            if (m < 0) {
                throw new IllegalArgumentException("negative latency " + m + " ms");
            }
        }
        return new LatencyStats(millis);
    }

    public int count() {
        return sortedMillis.length;
    }

    /**
     * The nearest-rank percentile: the value at rank ceil(p/100 · n), 1-based.
     *
     * @param p in (0, 100]
     * @throws IllegalStateException when there are no values
     */
    public long percentile(double p) {
        if (!(p > 0 && p <= 100)) {
            throw new IllegalArgumentException("percentile must be in (0, 100]: " + p);
        }
        if (sortedMillis.length == 0) {
            throw new IllegalStateException("no latencies measured");
        }
        int rank = (int) Math.ceil(p / 100 * sortedMillis.length);
        return sortedMillis[Math.max(rank, 1) - 1];
    }

    public long p50() {
        return percentile(50);
    }

    public long p95() {
        return percentile(95);
    }

    public long p99() {
        return percentile(99);
    }

    public long max() {
        return percentile(100);
    }

    /** p50, p95, p99 and max by name, for JSON; empty when there are no values. */
    @JsonProperty
    public Map<String, Long> percentiles() {
        if (sortedMillis.length == 0) {
            return Map.of();
        }
        Map<String, Long> out = new LinkedHashMap<>();
        out.put("p50", p50());
        out.put("p95", p95());
        out.put("p99", p99());
        out.put("max", max());
        return out;
    }

    /** Arithmetic mean, NaN when empty. */
    public double mean() {
        return sortedMillis.length == 0 ? Double.NaN : Arrays.stream(sortedMillis).average().orElseThrow();
    }
}
