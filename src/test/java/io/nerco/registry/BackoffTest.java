package io.nerco.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void doublesFromInitialAndStaysBetweenHalfAndAll() {
        Backoff low = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(10), () -> 0.0);
        Backoff high = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(10), () -> 0.999999);

        assertThat(low.delay(0)).isEqualTo(Duration.ofMillis(50));
        assertThat(high.delay(0)).isEqualTo(Duration.ofMillis(99));
        assertThat(low.delay(3)).isEqualTo(Duration.ofMillis(400));
        assertThat(high.delay(3)).isEqualTo(Duration.ofMillis(799));
    }

    @Test
    void isCappedAtMaxEvenForHugeRetryCounts() {
        Backoff high = new Backoff(Duration.ofMillis(100), Duration.ofMillis(1000), () -> 0.999999);

        assertThat(high.delay(5)).isEqualTo(Duration.ofMillis(999));
        assertThat(high.delay(1000)).isEqualTo(Duration.ofMillis(999));
    }
}
