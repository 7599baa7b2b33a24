package io.nerco.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class QualitySettingsTest {
    private final QualitySettings minute = QualitySettings.defaults().withWindow(Duration.ofMinutes(1), Duration.ofSeconds(10));

    @Test
    void windowsAreAlignedToTheEpochAlsoBeforeIt() {
        assertThat(minute.windowStart(0)).isZero();
        assertThat(minute.windowStart(59_999)).isZero();
        assertThat(minute.windowStart(60_000)).isEqualTo(60_000);
        assertThat(minute.windowStart(-1)).isEqualTo(-60_000);
    }

    @Test
    void aWindowClosesWhenStreamTimeReachesItsEndPlusGrace() {
        assertThat(minute.closed(0, 69_999)).isFalse();
        assertThat(minute.closed(0, 70_000)).isTrue();
        assertThat(minute.closed(0, Long.MIN_VALUE)).as("nothing seen yet").isFalse();
    }

    @Test
    void rejectsADedupRetentionShorterThanWindowPlusGrace() {
        assertThatThrownBy(() -> new QualitySettings(TaggingSettings.defaults(), Duration.ofMinutes(1), Duration.ofSeconds(10),
                Duration.ofSeconds(69), 0, 1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("counted twice");
        assertThat(QualitySettings.defaults().withWindow(Duration.ofDays(2), Duration.ZERO).dedupRetention())
                .isEqualTo(Duration.ofDays(2));
    }

    @Test
    void rejectsThresholdsOutsideZeroToOne() {
        assertThatThrownBy(() -> minute.withAlerts(1.5, 0.1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> minute.withAlerts(0.5, Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }
}
