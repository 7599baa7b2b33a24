package io.nerco.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Length-bucketed batching, the way the runtime pads: sentences sorted by subword length, cut
 * into batches of a fixed size, each padded to its longest member. Holds the padding
 * arithmetic the benchmark reports. Immutable.
 *
 * @param batches sentence indices of each batch, shortest batch first
 * @param lengths subword length of every sentence, by sentence index
 */
public record LengthBuckets(List<int[]> batches, int[] lengths) {

    public LengthBuckets {
        batches = List.copyOf(batches);
        lengths = lengths.clone();
    }

    /**
     * @param lengths   subword length of each sentence (special tokens included), each at least 1
     * @param batchSize sentences per batch, at least 1; the last batch may be smaller
     */
    public static LengthBuckets of(int[] lengths, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
        if (Arrays.stream(lengths).anyMatch(n -> n < 1)) {
            throw new IllegalArgumentException("every sentence has at least one token");
        }
        Integer[] order = IntStream.range(0, lengths.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingInt(i -> lengths[i]));
        List<int[]> batches = new ArrayList<>();
        for (int from = 0; from < order.length; from += batchSize) {
            int to = Math.min(order.length, from + batchSize);
            batches.add(Arrays.stream(order, from, to).mapToInt(Integer::intValue).toArray());
        }
        return new LengthBuckets(batches, lengths);
    }

    /** Longest member of a batch: the padded length of all its rows. */
    public int paddedLength(int[] batch) {
        return Arrays.stream(batch).map(i -> lengths[i]).max().orElseThrow();
    }

    /** Real (non-padding) tokens over all batches. */
    public long realTokens() {
        return Arrays.stream(lengths).asLongStream().sum();
    }

    /** Tokens the encoder computes on: rows × padded length, summed over batches. */
    public long paddedTokens() {
        return batches.stream().mapToLong(b -> (long) b.length * paddedLength(b)).sum();
    }

    /** Real tokens ÷ padded tokens: 1.0 means no padding at all. */
    public double paddingEfficiency() {
        return (double) realTokens() / paddedTokens();
    }

    /** FLOPs the model must do for the real tokens (each sentence at its own length). */
    public double usefulFlops(ModelFlops flops) {
        return Arrays.stream(lengths).mapToDouble(flops::sequence).sum();
    }

    /** FLOPs the padded batches execute. */
    public double executedFlops(ModelFlops flops) {
        return batches.stream().mapToDouble(b -> flops.paddedBatch(b.length, paddedLength(b))).sum();
    }
}
