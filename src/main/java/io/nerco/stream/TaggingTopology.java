package io.nerco.stream;

import io.nerco.avro.internal.BufferedEvent;
import io.nerco.model.Tagger;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The tagging topology: text events in, one entity record per event out (same key), one
 * mention per entity, bad input to the dead-letter topic.
 *
 * <pre>
 *  text-events ─► source ─► batching tagger [store: tagging-buffer, changelogged]
 *                              ├─► entities        (EntityRecord, key = event key)
 *                              ├─► entity-mentions (EntityMention, key = TYPE|normalised text)
 *                              └─► dead letters    (tagging failed on this event alone)
 *  undecodable bytes, null values, missing or too long text ─► dead letters, through
 *  Kafka Streams' built-in dead-letter queue (KIP-1034) and the handlers in
 *  {@link #streamsConfig}
 * </pre>
 *
 * Run it with {@link #streamsConfig} merged into the application's Streams config; with
 * {@code processing.guarantee=exactly_once_v2} the buffer, the outputs, the dead letters
 * and the input offsets commit in one transaction. Building is side-effect free; the
 * topology does not own the tagger or the serdes (their creator closes them).
 */
public final class TaggingTopology {
    public static final String SOURCE = "text-events-source";
    public static final String TAGGER = "batching-tagger";
    public static final String STORE = "tagging-buffer";
    static final String ENTITIES_SINK = "entities-sink";
    static final String MENTIONS_SINK = "mentions-sink";
    static final String DEAD_LETTER_SINK = "dead-letter-sink";

    private final TaggingSettings settings;
    private final Tagger tagger;
    private final TaggingTopics topics;
    private final StreamMetrics metrics;

    /**
     * @param settings batching and validation settings, not null
     * @param tagger   thread-safe tagger shared by all tasks, not null, not closed here
     * @param topics   the topics and their serdes, not null
     */
    public TaggingTopology(TaggingSettings settings, Tagger tagger, TaggingTopics topics) {
        this(settings, tagger, topics, new StreamMetrics());
    }

    /** As above, recording batches, dead letters into {@code metrics} (shared, not closed here). */
    public TaggingTopology(TaggingSettings settings, Tagger tagger, TaggingTopics topics, StreamMetrics metrics) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.tagger = Objects.requireNonNull(tagger, "tagger");
        this.topics = Objects.requireNonNull(topics, "topics");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        metrics.watchCascades(tagger);
    }

    /** A new topology; each call builds an independent one. */
    public Topology build() {
        return addTo(new Topology());
    }

    /**
     * Adds this topology's nodes and stores to {@code topology}, so that both topologies can
     * run in one Kafka Streams instance (their node and store names differ); returns it.
     */
    public Topology addTo(Topology topology) {
        var in = topics.textEvents();
        topology.addSource(SOURCE, in.key().deserializer(), in.value().deserializer(), in.name());
        topology.addProcessor(TAGGER, processorSupplier(), SOURCE);
        topology.addSink(ENTITIES_SINK, topics.entities().name(), topics.entities().key().serializer(),
                topics.entities().value().serializer(), TAGGER);
        topology.addSink(MENTIONS_SINK, topics.mentions().name(), topics.mentions().key().serializer(),
                topics.mentions().value().serializer(), TAGGER);
        topology.addSink(DEAD_LETTER_SINK, topics.deadLetters(), in.key().serializer(), in.value().serializer(), TAGGER);
        return topology;
    }

    /**
     * The Streams settings this topology relies on: the dead-letter topic and the handlers
     * that send bad input there. Merge them into the application's config.
     */
    public Map<String, Object> streamsConfig() {
        Map<String, Object> config = new HashMap<>(DeadLetters.streamsConfig(topics.deadLetters()));
        config.put(StreamMetrics.CONFIG, metrics);
        return config;
    }

    /** The batching settings of the tagging step, for the {@code max.poll.interval.ms} check. */
    TaggingSettings batching() {
        return settings;
    }

    private ProcessorSupplier<String, io.nerco.avro.TextEvent, String, org.apache.avro.specific.SpecificRecord> processorSupplier() {
        StoreBuilder<KeyValueStore<Long, BufferedEvent>> store = Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(STORE), Serdes.Long(), new StoreValueSerde<>(BufferedEvent.class))
                .withLoggingEnabled(Map.of());
        return new ProcessorSupplier<>() {
            @Override
            public BatchingTaggerProcessor get() {
                return new BatchingTaggerProcessor(settings, tagger, STORE, metrics);
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return Set.of(store);
            }
        };
    }
}
