package io.nerco.stream;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;

/**
 * What one Kafka Streams instance runs: the tagging topology and, when a labeled topic is
 * configured, the quality topology beside it, in one {@link Topology} (their node and store
 * names differ), so one consumer group, one state directory and one set of probes and metrics
 * cover both. Both must share the dead-letter topic (Kafka Streams has one per instance) and
 * the {@link StreamMetrics}. Immutable; building is side-effect free.
 *
 * @param tagging the tagging topology, not null
 * @param quality the quality topology, or null for none
 */
public record NercoTopologies(TaggingTopology tagging, QualityTopology quality) {

    public NercoTopologies {
        Objects.requireNonNull(tagging, "tagging");
        if (quality != null) {
            for (String key : new String[] {StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, StreamMetrics.CONFIG}) {
                Object a = tagging.streamsConfig().get(key);
                Object b = quality.streamsConfig().get(key);
                if (!Objects.equals(a, b)) {
                    throw new IllegalArgumentException("the tagging and quality topologies must share " + key + ": " + a + " vs " + b);
                }
            }
        }
    }

    /** Only the tagging topology. */
    public static NercoTopologies taggingOnly(TaggingTopology tagging) {
        return new NercoTopologies(tagging, null);
    }

    /** A new topology with the nodes of both. */
    public Topology build() {
        Topology topology = tagging.build();
        return quality == null ? topology : quality.addTo(topology);
    }

    /** The Streams settings both rely on (dead-letter topic, handlers, metrics); merge them into the application's config. */
    public Map<String, Object> streamsConfig() {
        Map<String, Object> config = new HashMap<>(tagging.streamsConfig());
        if (quality != null) {
            config.putAll(quality.streamsConfig());
        }
        return config;
    }

    /** The longest one flush of either topology can take; see {@link TaggingSettings#worstFlushMs}. */
    public long worstFlushMs() {
        return Math.max(tagging.batching().worstFlushMs(), quality == null ? 0 : quality.batching().worstFlushMs());
    }

    /** The shortest punctuation interval of either topology: how often a stream thread must look at its buffers. */
    public Duration punctuationInterval() {
        Duration tagged = tagging.batching().punctuationInterval();
        if (quality == null) {
            return tagged;
        }
        Duration scored = quality.batching().punctuationInterval();
        return scored.compareTo(tagged) < 0 ? scored : tagged;
    }

    /**
     * Fails if a flush of either topology could outlast half of {@code max.poll.interval.ms} or
     * of the transaction timeout; see {@link TaggingSettings#requireSafeFor}.
     */
    public void requireSafeFor(long maxPollIntervalMs, long transactionTimeoutMs) {
        tagging.batching().requireSafeFor(maxPollIntervalMs, transactionTimeoutMs);
        if (quality != null) {
            quality.batching().requireSafeFor(maxPollIntervalMs, transactionTimeoutMs);
        }
    }
}
