package io.nerco.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class LatencyStatsTest {

    @Test
    void nearestRankPercentilesOfOneToAHundred() {
        LatencyStats stats = LatencyStats.of(LongStream.rangeClosed(1, 100).map(i -> 101 - i).toArray());

        assertThat(stats.count()).isEqualTo(100);
        assertThat(stats.p50()).isEqualTo(50);
        assertThat(stats.p95()).isEqualTo(95);
        assertThat(stats.p99()).isEqualTo(99);
        assertThat(stats.max()).isEqualTo(100);
        assertThat(stats.mean()).isEqualTo(50.5);
    }

    @Test
    void everyPercentileIsAValueThatWasSeen() {
        LatencyStats stats = LatencyStats.of(new long[] {5, 1, 300});

        assertThat(stats.p50()).isEqualTo(5);   // rank ceil(1.5) = 2
        assertThat(stats.p95()).isEqualTo(300); // rank ceil(2.85) = 3
        assertThat(stats.percentile(33)).isEqualTo(1);
        assertThat(stats.sortedMillis()).containsExactly(1, 5, 300);
    }

    @Test
    void aSingleValueIsEveryPercentile() {
        LatencyStats stats = LatencyStats.of(new long[] {42});

        assertThat(stats.p50()).isEqualTo(42);
        assertThat(stats.p99()).isEqualTo(42);
        assertThat(stats.max()).isEqualTo(42);
    }

    @Test
    void badInputIsRefused() {
        assertThatThrownBy(() -> LatencyStats.of(new long[] {3, -1})).hasMessageContaining("negative latency -1");
        assertThatThrownBy(() -> LatencyStats.of(new long[0]).p50()).hasMessageContaining("no latencies");
        assertThatThrownBy(() -> LatencyStats.of(new long[] {1}).percentile(0)).hasMessageContaining("(0, 100]");
        assertThat(LatencyStats.of(new long[0]).mean()).isNaN();
    }
}
