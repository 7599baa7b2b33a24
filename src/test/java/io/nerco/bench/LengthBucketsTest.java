package io.nerco.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class LengthBucketsTest {

    @Test
    void sortsByLengthAndPadsEachBatchToItsLongestMember() {
        LengthBuckets buckets = LengthBuckets.of(new int[] {5, 3, 8, 3, 6}, 2);

        assertThat(buckets.batches()).containsExactly(new int[] {1, 3}, new int[] {0, 4}, new int[] {2});
        assertThat(buckets.realTokens()).isEqualTo(25);
        assertThat(buckets.paddedTokens()).isEqualTo(2 * 3 + 2 * 6 + 8);
        assertThat(buckets.paddingEfficiency()).isEqualTo(25.0 / 26);
    }

    @Test
    void batchesOfOneHaveNoPadding() {
        LengthBuckets buckets = LengthBuckets.of(new int[] {5, 3, 8}, 1);
        assertThat(buckets.paddingEfficiency()).isEqualTo(1.0);
    }

    @Test
    void usefulFlopsCountEachSentenceAtItsOwnLength() {
        ModelFlops flops = new ModelFlops(100, 1, 10);
        LengthBuckets buckets = LengthBuckets.of(new int[] {2, 4}, 2);
        assertThat(buckets.usefulFlops(flops)).isEqualTo(flops.sequence(2) + flops.sequence(4));
        assertThat(buckets.executedFlops(flops)).isEqualTo(2 * flops.sequence(4));
    }

    @Test
    void rejectsEmptySentencesAndEmptyBatches() {
        assertThatThrownBy(() -> LengthBuckets.of(new int[] {3, 0}, 2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LengthBuckets.of(new int[] {3}, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Property(tries = 200)
    void everySentenceLandsInExactlyOneBatchAndEfficiencyIsAFraction(
            @ForAll @Size(min = 1, max = 60) int[] rawLengths, @ForAll @IntRange(min = 1, max = 16) int batchSize) {
        int[] lengths = java.util.Arrays.stream(rawLengths).map(n -> 1 + Math.floorMod(n, 128)).toArray();
        LengthBuckets buckets = LengthBuckets.of(lengths, batchSize);

        int[] seen = buckets.batches().stream().flatMapToInt(java.util.Arrays::stream).sorted().toArray();
        assertThat(seen).isEqualTo(java.util.stream.IntStream.range(0, lengths.length).toArray());
        assertThat(buckets.batches()).allSatisfy(b -> assertThat(b.length).isBetween(1, batchSize));
        assertThat(buckets.paddingEfficiency()).isGreaterThan(0).isLessThanOrEqualTo(1);
    }
}
