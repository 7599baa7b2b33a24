package io.nerco.stream;

import java.time.Duration;
import java.util.Objects;

/**
 * Typed settings of the {@link TaggingTopology}. Immutable and validated on construction.
 *
 * <h2>Batch size and {@code max.poll.interval.ms}</h2>
 * A batch is tagged on the stream thread, between two polls. Kafka Streams goes back to
 * {@code poll()} once more than half of {@code max.poll.interval.ms} has passed since the
 * last poll, but only between records: one flush cannot be cut short. In the worst case a
 * flush tags a full batch, the batch fails as a whole and is tagged again one event at a
 * time to find the culprit, so it costs {@code 2 * batchSize * worstCaseEventMs}, and it may
 * start just before the half-interval check. That must stay below
 * {@code max.poll.interval.ms / 2}, so
 * {@code batchSize <= max.poll.interval.ms / (4 * worstCaseEventMs)}, see
 * {@link #maxSafeBatchSize}. With the defaults (texts up to 20,000 chars, about 40 encoder
 * windows of 128 subwords, about 10 ms each on two cores, so 400 ms per event, and Kafka's
 * default {@code max.poll.interval.ms} of 300,000) that allows 187 events; the default batch
 * size of 32 leaves a margin of almost 6 for a slower machine.
 *
 * @param batchSize        flush when this many events are buffered; 1 or more
 * @param maxLatency       flush when the oldest buffered event has waited this long (wall
 *                         clock); positive. The punctuator checks every
 *                         {@link #punctuationInterval()}, so an event waits at most
 *                         {@code 1.25 * maxLatency} plus one batch
 * @param maxTextChars     longer texts are dead-lettered ({@code TEXT_TOO_LONG}); positive
 * @param contextChars     characters of context each side of a mention; 0 or more
 * @param worstCaseEventMs the assumed worst tagging time of one event of {@code maxTextChars}
 *                         chars, for {@link #maxSafeBatchSize}; positive
 */
public record TaggingSettings(int batchSize, Duration maxLatency, int maxTextChars, int contextChars, long worstCaseEventMs) {

    public static final int DEFAULT_BATCH_SIZE = 32;
    public static final Duration DEFAULT_MAX_LATENCY = Duration.ofMillis(200);
    public static final int DEFAULT_MAX_TEXT_CHARS = 20_000;
    public static final int DEFAULT_CONTEXT_CHARS = 40;
    public static final long DEFAULT_WORST_CASE_EVENT_MS = 400;

    public TaggingSettings {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1: " + batchSize);
        }
        Objects.requireNonNull(maxLatency, "maxLatency");
        if (maxLatency.isNegative() || maxLatency.isZero()) {
            throw new IllegalArgumentException("max latency must be positive: " + maxLatency);
        }
        if (maxTextChars < 1) {
            throw new IllegalArgumentException("max text chars must be positive: " + maxTextChars);
        }
        if (contextChars < 0) {
            throw new IllegalArgumentException("context chars must not be negative: " + contextChars);
        }
        if (worstCaseEventMs < 1) {
            throw new IllegalArgumentException("worst-case event time must be positive: " + worstCaseEventMs);
        }
    }

    /** Settings with the documented defaults. */
    public static TaggingSettings defaults() {
        return new TaggingSettings(DEFAULT_BATCH_SIZE, DEFAULT_MAX_LATENCY, DEFAULT_MAX_TEXT_CHARS,
                DEFAULT_CONTEXT_CHARS, DEFAULT_WORST_CASE_EVENT_MS);
    }

    /** A copy with another batch size and latency bound. */
    public TaggingSettings withBatching(int newBatchSize, Duration newMaxLatency) {
        return new TaggingSettings(newBatchSize, newMaxLatency, maxTextChars, contextChars, worstCaseEventMs);
    }

    /** A copy with another text length limit. */
    public TaggingSettings withMaxTextChars(int newMaxTextChars) {
        return new TaggingSettings(batchSize, maxLatency, newMaxTextChars, contextChars, worstCaseEventMs);
    }

    /** How often the wall-clock punctuator looks at the oldest buffered event. */
    public Duration punctuationInterval() {
        long millis = Math.max(1, maxLatency.toMillis() / 4);
        return Duration.ofMillis(millis);
    }

    /**
     * The largest batch size whose worst flush (a failed batch retried one event at a time)
     * fits in half of {@code max.poll.interval.ms}; see the class javadoc for the arithmetic.
     */
    public long maxSafeBatchSize(long maxPollIntervalMs) {
        return maxPollIntervalMs / (4 * worstCaseEventMs);
    }

    /**
     * Fails if {@link #batchSize} could keep the stream thread from polling for longer than
     * {@code max.poll.interval.ms}, which would get it fenced out of the group mid-batch.
     *
     * @throws IllegalArgumentException naming both numbers
     */
    public void requireSafeFor(long maxPollIntervalMs) {
        long limit = maxSafeBatchSize(maxPollIntervalMs);
        if (batchSize > limit) {
            throw new IllegalArgumentException("batch size " + batchSize + " is over the safe limit of " + limit
                    + " for max.poll.interval.ms=" + maxPollIntervalMs + " and a worst case of " + worstCaseEventMs
                    + " ms per event (limit = max.poll.interval.ms / (4 * worst case))");
        }
    }
}
