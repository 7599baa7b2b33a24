package io.nerco.stream;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Typed settings of the {@link TaggingTopology}. Immutable and validated on construction.
 *
 * <h2>How long one flush can take</h2>
 * A batch is tagged on the stream thread, between two polls and inside one transaction under
 * exactly-once. A batch holds at most {@link #batchSize} events and at most
 * {@link #maxBatchChars} characters (an event longer than that goes alone), so it holds at
 * most {@code min(batchSize * maxTextChars, max(maxBatchChars, maxTextChars))} characters.
 * In the worst case the batch fails as a whole and is tagged again one event at a time to
 * find the culprit, so a flush costs twice that many characters at the worst rate,
 * {@code worstCaseEventMs / maxTextChars} per character: {@link #worstFlushMs}.
 *
 * <p>Kafka Streams goes back to {@code poll()} once half of {@code max.poll.interval.ms} has
 * passed, but only between records, and a flush may start just before that check; and the
 * broker aborts a transaction, fencing the producer, once it has been open for
 * {@code transaction.timeout.ms}. So the worst flush must stay below half of each
 * ({@link #requireSafeFor}); {@code TaggingStreams} raises the transaction timeout to fit
 * when the application does not set it. {@code worstCaseEventMs} depends on the model and the
 * machine: {@code run} and {@code demo} measure it at start-up ({@link TaggerCalibration}).
 *
 * @param batchSize        flush when this many events are buffered; 1 or more
 * @param maxBatchChars    a batch stops before the event that would take it over this many
 *                         characters; 1 or more
 * @param maxLatency       flush when the oldest buffered event has waited this long (wall
 *                         clock); positive. The punctuator checks every
 *                         {@link #punctuationInterval()}, so an event waits at most
 *                         {@code 1.25 * maxLatency} plus one batch
 * @param maxTextChars     longer texts are dead-lettered ({@code TEXT_TOO_LONG}); positive
 * @param contextChars     characters of context each side of a mention; 0 or more
 * @param worstCaseEventMs the worst tagging time of one event of {@code maxTextChars} chars,
 *                         for {@link #worstFlushMs}; positive
 */
public record TaggingSettings(int batchSize, int maxBatchChars, Duration maxLatency, int maxTextChars, int contextChars,
        long worstCaseEventMs) {

    public static final int DEFAULT_BATCH_SIZE = 32;
    public static final int DEFAULT_MAX_BATCH_CHARS = 16_000;
    public static final Duration DEFAULT_MAX_LATENCY = Duration.ofMillis(50);
    public static final int DEFAULT_MAX_TEXT_CHARS = 20_000;
    public static final int DEFAULT_CONTEXT_CHARS = 40;
    /** About 160 windows of 128 subwords (one per character, the worst case) at 10 ms each; measured in run and demo. */
    public static final long DEFAULT_WORST_CASE_EVENT_MS = 1_600;

    public TaggingSettings {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1: " + batchSize);
        }
        if (maxBatchChars < 1) {
            throw new IllegalArgumentException("max batch chars must be at least 1: " + maxBatchChars);
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
        return new TaggingSettings(DEFAULT_BATCH_SIZE, DEFAULT_MAX_BATCH_CHARS, DEFAULT_MAX_LATENCY, DEFAULT_MAX_TEXT_CHARS,
                DEFAULT_CONTEXT_CHARS, DEFAULT_WORST_CASE_EVENT_MS);
    }

    /** A copy with another batch size and latency bound. */
    public TaggingSettings withBatching(int newBatchSize, Duration newMaxLatency) {
        return new TaggingSettings(newBatchSize, maxBatchChars, newMaxLatency, maxTextChars, contextChars, worstCaseEventMs);
    }

    /** A copy with another character budget per batch. */
    public TaggingSettings withMaxBatchChars(int newMaxBatchChars) {
        return new TaggingSettings(batchSize, newMaxBatchChars, maxLatency, maxTextChars, contextChars, worstCaseEventMs);
    }

    /** A copy with another text length limit. */
    public TaggingSettings withMaxTextChars(int newMaxTextChars) {
        return new TaggingSettings(batchSize, maxBatchChars, maxLatency, newMaxTextChars, contextChars, worstCaseEventMs);
    }

    /** A copy with another worst-case time for one event of {@link #maxTextChars} chars. */
    public TaggingSettings withWorstCaseEventMs(long newWorstCaseEventMs) {
        return new TaggingSettings(batchSize, maxBatchChars, maxLatency, maxTextChars, contextChars, newWorstCaseEventMs);
    }

    /** How often the wall-clock punctuator looks at the oldest buffered event. */
    public Duration punctuationInterval() {
        long millis = Math.max(1, maxLatency.toMillis() / 4);
        return Duration.ofMillis(millis);
    }

    /**
     * How many of {@code texts}, taken in order, make the next batch: at least one, at most
     * {@link #batchSize}, and no more than fit in {@link #maxBatchChars} together.
     */
    public int eventsInNextBatch(List<String> texts) {
        int count = 0;
        long chars = 0;
        for (String text : texts) {
            if (count == batchSize || (count > 0 && chars + text.length() > maxBatchChars)) {
                break;
            }
            chars += text.length();
            count++;
        }
        return count;
    }

    /** The longest one flush can take, a failed batch retried one event at a time; see the class javadoc. */
    public long worstFlushMs() {
        long chars = Math.min((long) batchSize * maxTextChars, Math.max(maxBatchChars, maxTextChars));
        return (long) Math.ceil(2.0 * chars * worstCaseEventMs / maxTextChars);
    }

    /**
     * Fails if the worst flush could keep the stream thread from polling for longer than
     * {@code max.poll.interval.ms}, which gets it fenced out of the group mid-batch, or could
     * outlast the transaction, which the broker then aborts and fences: the batch is redone
     * by the next owner and outlasts it again, a livelock.
     *
     * @param transactionTimeoutMs the producer's {@code transaction.timeout.ms} under
     *                             exactly-once; 0 without transactions
     * @throws IllegalArgumentException naming the numbers and what to change
     */
    public void requireSafeFor(long maxPollIntervalMs, long transactionTimeoutMs) {
        long worst = worstFlushMs();
        String flush = "a flush can take " + worst + " ms (batch of " + batchSize + " events, at most " + maxBatchChars
                + " chars, " + worstCaseEventMs + " ms for an event of " + maxTextChars + " chars, tagged twice if the batch fails)";
        if (worst > maxPollIntervalMs / 2) {
            throw new IllegalArgumentException(flush + ", over half of max.poll.interval.ms=" + maxPollIntervalMs
                    + "; lower the batch size or max batch chars, or raise max.poll.interval.ms");
        }
        if (transactionTimeoutMs > 0 && worst > transactionTimeoutMs / 2) {
            throw new IllegalArgumentException(flush + ", over half of transaction.timeout.ms=" + transactionTimeoutMs
                    + "; lower the batch size or max batch chars, or raise transaction.timeout.ms");
        }
    }
}
