package io.nerco.stream;

import io.nerco.avro.QualityReport;
import io.nerco.avro.internal.BufferedLabeledEvent;
import io.nerco.model.Tagger;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The quality topology: labeled events in, the model's entity-level scores per tumbling
 * event-time window out, with alerts when a type's F1 falls below a floor or drops.
 *
 * <pre>
 *  labeled-events ─► source ─► quality scorer [stores: quality-buffer, quality-seen-ids,
 *                                              quality-model-windows, quality-last-report; changelogged]
 *                                 ├─► quality reports (QualityReport per closed window and model, key = model)
 *                                 ├─► quality alerts  (QualityAlert, key = model)
 *                                 └─► dead letters    (tagging failed on this event alone)
 *  undecodable bytes, null values, missing or too long text, labels outside the text and
 *  LATE events ─► dead letters, through Kafka Streams' dead-letter queue (KIP-1034) and the
 *  handlers in {@link #streamsConfig}
 * </pre>
 *
 * Scoring is {@code io.nerco.eval.SpanScorer}, the code behind {@code nerco eval}; see
 * {@link QualityScoringProcessor} for batching, deduplication, lateness and when reports are
 * emitted, and {@link QualitySettings} for the window rules. Building is side-effect free;
 * the topology does not own the tagger or the serdes (their creator closes them).
 */
public final class QualityTopology {
    public static final String SOURCE = "labeled-events-source";
    public static final String SCORER = "quality-scorer";
    public static final String BUFFER_STORE = "quality-buffer";
    public static final String SEEN_STORE = "quality-seen-ids";
    /** Keyed by window start and model; renamed from {@code quality-windows}, whose keys were the start alone. */
    public static final String WINDOW_STORE = "quality-model-windows";
    public static final String LAST_REPORT_STORE = "quality-last-report";
    static final String REPORTS_SINK = "quality-reports-sink";
    static final String ALERTS_SINK = "quality-alerts-sink";
    static final String DEAD_LETTER_SINK = "quality-dead-letter-sink";

    private final QualitySettings settings;
    private final Tagger tagger;
    private final QualityTopics topics;
    private final StreamMetrics metrics;

    /**
     * @param settings windows, alerts and batching, not null
     * @param tagger   thread-safe tagger shared by all tasks, not null, not closed here
     * @param topics   the topics and their serdes, not null
     */
    public QualityTopology(QualitySettings settings, Tagger tagger, QualityTopics topics) {
        this(settings, tagger, topics, new StreamMetrics());
    }

    /** As above, recording batches, dead letters, reports and alerts into {@code metrics} (shared, not closed here). */
    public QualityTopology(QualitySettings settings, Tagger tagger, QualityTopics topics, StreamMetrics metrics) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.tagger = Objects.requireNonNull(tagger, "tagger");
        this.topics = Objects.requireNonNull(topics, "topics");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
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
        var in = topics.labeledEvents();
        topology.addSource(SOURCE, in.key().deserializer(), in.value().deserializer(), in.name());
        topology.addProcessor(SCORER, processorSupplier(), SOURCE);
        topology.addSink(REPORTS_SINK, topics.reports().name(), topics.reports().key().serializer(),
                topics.reports().value().serializer(), SCORER);
        topology.addSink(ALERTS_SINK, topics.alerts().name(), topics.alerts().key().serializer(),
                topics.alerts().value().serializer(), SCORER);
        topology.addSink(DEAD_LETTER_SINK, topics.deadLetters(), in.key().serializer(), in.value().serializer(), SCORER);
        return topology;
    }

    /**
     * The Streams settings this topology relies on: the dead-letter topic and the handlers
     * that send bad and late input there. Merge them into the application's config.
     */
    public Map<String, Object> streamsConfig() {
        Map<String, Object> config = new HashMap<>(DeadLetters.streamsConfig(topics.deadLetters()));
        config.put(StreamMetrics.CONFIG, metrics);
        return config;
    }

    /** The batching settings of the tagging step, for the {@code max.poll.interval.ms} check. */
    TaggingSettings batching() {
        return settings.batching();
    }

    private ProcessorSupplier<String, io.nerco.avro.LabeledEvent, String, SpecificRecord> processorSupplier() {
        Set<StoreBuilder<?>> stores = Set.of(
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(BUFFER_STORE), Serdes.String(),
                        new StoreValueSerde<>(BufferedLabeledEvent.class)).withLoggingEnabled(Map.of()),
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(SEEN_STORE), Serdes.String(), Serdes.Long())
                        .withLoggingEnabled(Map.of()),
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(WINDOW_STORE), Serdes.String(),
                        new StoreValueSerde<>(QualityReport.class)).withLoggingEnabled(Map.of()),
                Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(LAST_REPORT_STORE), Serdes.String(),
                        new StoreValueSerde<>(QualityReport.class)).withLoggingEnabled(Map.of()));
        return new ProcessorSupplier<>() {
            @Override
            public QualityScoringProcessor get() {
                return new QualityScoringProcessor(settings, tagger, metrics);
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return stores;
            }
        };
    }
}
