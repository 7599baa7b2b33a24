package io.nerco.stream;

import java.time.Duration;
import java.util.Objects;

/**
 * Typed settings of the {@link QualityTopology}. Immutable and validated on construction.
 *
 * <h2>Windows, grace and duplicates</h2>
 * Windows are tumbling, in event time ({@code LabeledEvent.eventTimestamp}), aligned to the
 * epoch: {@code [k * window, (k + 1) * window)}. Stream time is the largest event time the
 * task has accepted. An event is accepted while {@code windowEnd + grace > streamTime} (Kafka
 * Streams' own rule for windowed aggregations); a later one is dead-lettered with reason
 * {@code LATE}. An event id counts once while it is remembered: ids are forgotten once their
 * event time is more than {@code dedupRetention} behind stream time, which must be at least
 * {@code window + grace} so that no id is forgotten while a window that could hold it again
 * is still open.
 *
 * @param batching       batch size, latency bound and text length limit of the tagging step, not null
 * @param window         window size; positive
 * @param grace          how long after its end a window still accepts events, in event time; 0 or more
 * @param dedupRetention how long an id is remembered, in event time; at least {@code window + grace}
 * @param f1Floor        alert when a type's F1 in a window is below this; in [0, 1], 0 turns it off
 * @param maxF1Drop      alert when a type's F1 falls by more than this from the previous
 *                       reported window; in [0, 1], 1 turns it off
 */
public record QualitySettings(TaggingSettings batching, Duration window, Duration grace, Duration dedupRetention,
                              double f1Floor, double maxF1Drop) {

    public static final Duration DEFAULT_WINDOW = Duration.ofHours(1);
    public static final Duration DEFAULT_GRACE = Duration.ofMinutes(10);
    public static final Duration DEFAULT_DEDUP_RETENTION = Duration.ofDays(1);
    public static final double DEFAULT_F1_FLOOR = 0.0;
    public static final double DEFAULT_MAX_F1_DROP = 1.0;

    public QualitySettings {
        Objects.requireNonNull(batching, "batching");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(grace, "grace");
        Objects.requireNonNull(dedupRetention, "dedupRetention");
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("window must be positive: " + window);
        }
        if (grace.isNegative()) {
            throw new IllegalArgumentException("grace must not be negative: " + grace);
        }
        if (dedupRetention.compareTo(window.plus(grace)) < 0) {
            throw new IllegalArgumentException("dedup retention " + dedupRetention + " is shorter than window + grace ("
                    + window.plus(grace) + "), so a duplicate could be counted twice");
        }
        if (!(f1Floor >= 0 && f1Floor <= 1)) {
            throw new IllegalArgumentException("F1 floor must be in [0, 1]: " + f1Floor);
        }
        if (!(maxF1Drop >= 0 && maxF1Drop <= 1)) {
            throw new IllegalArgumentException("max F1 drop must be in [0, 1]: " + maxF1Drop);
        }
    }

    /** Settings with the documented defaults (alerts off). */
    public static QualitySettings defaults() {
        return new QualitySettings(TaggingSettings.defaults(), DEFAULT_WINDOW, DEFAULT_GRACE, DEFAULT_DEDUP_RETENTION,
                DEFAULT_F1_FLOOR, DEFAULT_MAX_F1_DROP);
    }

    /** A copy with other tagging batch settings. */
    public QualitySettings withBatching(TaggingSettings newBatching) {
        return new QualitySettings(newBatching, window, grace, dedupRetention, f1Floor, maxF1Drop);
    }

    /** A copy with another window size and grace period (dedup retention grows to fit if needed). */
    public QualitySettings withWindow(Duration newWindow, Duration newGrace) {
        Duration needed = newWindow.plus(newGrace);
        return new QualitySettings(batching, newWindow, newGrace,
                dedupRetention.compareTo(needed) < 0 ? needed : dedupRetention, f1Floor, maxF1Drop);
    }

    /** A copy with other alert thresholds. */
    public QualitySettings withAlerts(double newF1Floor, double newMaxF1Drop) {
        return new QualitySettings(batching, window, grace, dedupRetention, newF1Floor, newMaxF1Drop);
    }

    /** Start of the window holding event time {@code eventTimeMs}. */
    long windowStart(long eventTimeMs) {
        return eventTimeMs - Math.floorMod(eventTimeMs, window.toMillis());
    }

    /** Whether the window starting at {@code windowStartMs} is closed at {@code streamTimeMs}. */
    boolean closed(long windowStartMs, long streamTimeMs) {
        return streamTimeMs != Long.MIN_VALUE && windowStartMs + window.toMillis() + grace.toMillis() <= streamTimeMs;
    }
}
