package io.nerco.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.nerco.avro.EntityRecord;
import io.nerco.avro.TextEvent;
import io.nerco.registry.AvroSerde;
import io.nerco.registry.AvroSerdeSettings;
import io.nerco.registry.SchemaRegistryClient;
import io.nerco.registry.SchemaRegistrySettings;
import io.nerco.registry.WireFormat;
import io.nerco.testing.ApicurioRegistry;
import io.nerco.testing.CuttableTcpProxy;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Faults of the parts the stream depends on, while it runs (exactly-once, in this JVM): the
 * broker stopped and restarted on the same port and log directory; the schema registry cut
 * off (through a proxy that black-holes it) for longer than the client's retries last; and
 * inference slowed down to a second per batch. Each time the application gets
 * going again by itself (or never stops), sends no good record to the dead-letter topic and
 * gives every input exactly one output.
 */
@Tag("integration")
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class FaultInjectionIntegrationTest {
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    @RegisterExtension
    static final ApicurioRegistry REGISTRY = new ApicurioRegistry();
    private static EmbeddedKafkaBroker broker;
    private static SchemaRegistryClient directRegistry;

    @BeforeAll
    static void startBroker() throws IOException {
        broker = EmbeddedKafkaBroker.start(Map.of(), Duration.ofSeconds(60));
        directRegistry = new SchemaRegistryClient(REGISTRY.settings());
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
        if (directRegistry != null) {
            directRegistry.close();
        }
    }

    @Test
    void aBrokerRestartMidStreamLosesAndDuplicatesNothing() throws Exception {
        TaggingTopics topics = createTopics(directRegistry);
        List<String> sent = new ArrayList<>(produce(topics, 0, 300));
        try (TaggingStreams streams = start(topics, new SlowTagger(new CapitalisedWordTagger(), Duration.ofMillis(40)))) {
            readEntities(topics, 40);
            broker.stop();
            Thread.sleep(3_000);
            broker.restart(Duration.ofSeconds(60));
            sent.addAll(produce(topics, 300, 100));

            var out = readEntities(topics, sent.size());
            assertThat(out).extracting(ConsumerRecord::key).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(sent);
            assertThat(CommittedRecords.stableCount(broker.bootstrapServers(), Map.of(), topics.deadLetters())).isZero();
            assertThat(streams.failure()).isNull();
            await().atMost(Duration.ofSeconds(60)).until(() -> streams.state() == KafkaStreams.State.RUNNING);
        }
    }

    @Test
    void aRegistryOutageLongerThanTheClientsRetriesDelaysRecordsButLosesOrDeadLettersNone() throws Exception {
        var apicurio = REGISTRY.running().baseUrl();
        try (CuttableTcpProxy proxy = new CuttableTcpProxy(new InetSocketAddress("127.0.0.1", apicurio.getPort()));
                SchemaRegistryClient viaProxy = new SchemaRegistryClient(SchemaRegistrySettings
                        .of(URI.create("http://127.0.0.1:" + proxy.port() + REGISTRY.confluentApiUrl().getPath()))
                        .withTimeouts(Duration.ofMillis(500), Duration.ofMillis(500))
                        .withRetries(2, Duration.ofMillis(100), Duration.ofMillis(200)))) {
            TaggingTopics topics = createTopics(viaProxy);
            List<String> sent = new ArrayList<>(produce(topics, 0, 50));
            try (TaggingStreams streams = start(topics, new CapitalisedWordTagger())) {
                readEntities(topics, 50);

                proxy.cut();
                // Written with a newer schema version, so the application must ask the registry for it.
                sent.addAll(produceWithNewSchemaVersion(topics, 50, 50));
                await().atMost(Duration.ofSeconds(60)).until(() -> streams.replacedThreads() >= 1);
                Thread.sleep(4_000);
                proxy.restore();

                var out = readEntities(topics, sent.size());
                assertThat(out).extracting(ConsumerRecord::key).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(sent);
                assertThat(CommittedRecords.stableCount(broker.bootstrapServers(), Map.of(), topics.deadLetters()))
                        .as("good records dead-lettered").isZero();
                assertThat(streams.failure()).isNull();
                System.out.printf("registry outage: %d stream threads replaced, none lost%n", streams.replacedThreads());
            }
        }
    }

    @Test
    void slowInferenceKeepsTheThreadInsideMaxPollIntervalWithoutRebalancing() throws Exception {
        long maxPollIntervalMs = 8_000;
        Duration perBatch = Duration.ofMillis(1_000);
        // 4 events of at most 500 ms each: the largest batch TaggingSettings allows for 8 s.
        TaggingSettings settings = new TaggingSettings(4, TaggingSettings.DEFAULT_MAX_BATCH_CHARS, Duration.ofMillis(100), 2_000, 40, 500);
        TaggingTopics topics = createTopics(directRegistry);
        List<String> sent = produce(topics, 0, 40);
        var config = TaggingTopologyIntegrationTest.streamsConfig(broker.bootstrapServers(), "app-" + UUID.randomUUID(),
                Files.createTempDirectory("state"));
        config.put(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG), (int) maxPollIntervalMs);
        try (TaggingStreams streams = TaggingStreams.start(new TaggingTopology(settings,
                new SlowTagger(new CapitalisedWordTagger(), perBatch), topics), config, Duration.ofSeconds(60))) {
            double rebalancesAtStart = mainConsumerMetric(streams, "rebalance-total");

            var out = readEntities(topics, sent.size());

            assertThat(out).extracting(ConsumerRecord::key).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(sent);
            double longestGap = mainConsumerMetric(streams, "time-between-poll-max");
            System.out.printf("slow inference: longest gap between polls %.0f ms (max.poll.interval.ms %d), rebalances %s -> %s%n",
                    longestGap, maxPollIntervalMs, rebalancesAtStart, mainConsumerMetric(streams, "rebalance-total"));
            assertThat(longestGap).as("the delay was felt").isGreaterThanOrEqualTo(perBatch.toMillis())
                    .as("and stayed inside max.poll.interval.ms").isLessThan(maxPollIntervalMs);
            assertThat(mainConsumerMetric(streams, "rebalance-total")).as("no rebalance").isEqualTo(rebalancesAtStart);
            assertThat(streams.failure()).isNull();
        }
    }

    @Test
    void slowBatchesDrainedTogetherNeverShareOneTransaction() throws Exception {
        // One partition, 4 events, 5 s a batch, and a character budget that holds a batch to one
        // event: the fourth event flushes one batch and the punctuator the other three. Tagged
        // in one call, those three were one transaction of over 10 s (the transaction timeout
        // Kafka Streams uses under exactly-once): the broker aborted it and fenced the producer,
        // the task moved, the events came back from the changelog and took as long again, with
        // no output ever. Now each batch is followed by a commit, and the transaction timeout is
        // fitted to the worst single batch (20 s).
        Duration perBatch = Duration.ofSeconds(5);
        TaggingSettings settings = new TaggingSettings(4, 1, Duration.ofMillis(100), 2_000, 40, 5_000);
        TaggingTopics topics = IntegrationTopics.named("drain-" + UUID.randomUUID().toString().substring(0, 8), directRegistry);
        broker.createTopics(1, topics.textEvents().name(), topics.entities().name(), topics.mentions().name(),
                topics.deadLetters());
        List<String> sent = produce(topics, 0, 4);
        var config = TaggingTopologyIntegrationTest.streamsConfig(broker.bootstrapServers(), "app-" + UUID.randomUUID(),
                Files.createTempDirectory("state"));
        Properties fitted = new Properties();
        fitted.putAll(config);
        TaggingStreams.fitTransactionTimeout(fitted, settings.worstFlushMs());
        assertThat(fitted.get(StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG)))
                .as("twice the worst flush of 10 s").isEqualTo(20_000);
        try (TaggingStreams streams = TaggingStreams.start(new TaggingTopology(settings,
                new SlowTagger(new CapitalisedWordTagger(), perBatch), topics), config, Duration.ofSeconds(60))) {
            var out = readEntities(topics, sent.size());

            assertThat(out).extracting(ConsumerRecord::key).containsExactlyElementsOf(sent);
            assertThat(streams.failure()).isNull();
            assertThat(streams.replacedThreads()).isZero();
        }
    }

    /** A metric of the stream thread's main consumer (not the restore consumer). */
    private static double mainConsumerMetric(TaggingStreams streams, String name) {
        return streams.metrics().entrySet().stream()
                .filter(e -> e.getKey().name().equals(name))
                .filter(e -> e.getKey().tags().getOrDefault("client-id", "").endsWith("StreamThread-1-consumer"))
                .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue())
                .findFirst().orElseThrow(() -> new AssertionError("no main-consumer metric " + name));
    }

    private static TaggingTopics createTopics(SchemaRegistryClient registry) throws Exception {
        TaggingTopics topics = IntegrationTopics.named("outage-" + UUID.randomUUID().toString().substring(0, 8), registry);
        broker.createTopics(2, topics.textEvents().name(), topics.entities().name(), topics.mentions().name(),
                topics.deadLetters());
        return topics;
    }

    private static TaggingStreams start(TaggingTopics topics, io.nerco.model.Tagger tagger) throws Exception {
        var settings = TaggingTopologyIntegrationTest.SETTINGS;
        return TaggingStreams.start(new TaggingTopology(settings, tagger, topics),
                TaggingTopologyIntegrationTest.streamsConfig(broker.bootstrapServers(), "app-" + UUID.randomUUID(),
                        Files.createTempDirectory("state")), Duration.ofSeconds(60));
    }

    private static List<String> produce(TaggingTopics topics, int from, int count) {
        List<String> ids = new ArrayList<>();
        // Producers use the registry directly: the application's path to it may be cut.
        try (var producer = new CheckedProducer<>(broker.bootstrapServers(),
                AvroSerde.specific(TextEvent.class, directRegistry, AvroSerdeSettings.defaults()).serializer())) {
            for (int i = from; i < from + count; i++) {
                TextEvent event = TextEvent.newBuilder().setId("e" + i).setSource("outage").setEventTimestamp(T0)
                        .setText("Report " + i + ": Maria Lopez of Acme Corp met officials in Lisbon.")
                        .setAttributes(Map.of()).build();
                producer.send(new ProducerRecord<>(topics.textEvents().name(), event.getId(), event));
                ids.add(event.getId());
            }
        }
        return ids;
    }

    /** Events written with TextEvent plus one optional field: a new schema id, readable as a TextEvent. */
    private static List<String> produceWithNewSchemaVersion(TaggingTopics topics, int from, int count) throws IOException {
        Schema v1 = TextEvent.getClassSchema();
        List<Schema.Field> fields = new ArrayList<>();
        v1.getFields().forEach(f -> fields.add(new Schema.Field(f, f.schema())));
        fields.add(new Schema.Field("priority", Schema.createUnion(Schema.create(Schema.Type.NULL), Schema.create(Schema.Type.INT)),
                "added in v2", Schema.Field.NULL_DEFAULT_VALUE));
        Schema v2 = Schema.createRecord(v1.getName(), v1.getDoc(), v1.getNamespace(), false, fields);
        int id = directRegistry.register(topics.textEvents().name() + "-value", v2);
        List<String> ids = new ArrayList<>();
        try (var producer = new CheckedProducer<>(broker.bootstrapServers(), new ByteArraySerializer())) {
            for (int i = from; i < from + count; i++) {
                GenericRecord event = new GenericData.Record(v2);
                event.put("id", "e" + i);
                event.put("source", "outage");
                event.put("text", "Report " + i + ": Maria Lopez of Acme Corp met officials in Lisbon.");
                event.put("eventTimestamp", T0.toEpochMilli());
                event.put("attributes", Map.of());
                event.put("priority", i);
                ByteArrayOutputStream body = new ByteArrayOutputStream();
                BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(body, null);
                new GenericDatumWriter<GenericRecord>(v2).write(event, encoder);
                encoder.flush();
                producer.send(new ProducerRecord<>(topics.textEvents().name(), "e" + i, WireFormat.encode(id, body.toByteArray())));
                ids.add("e" + i);
            }
        }
        return ids;
    }

    private static List<ConsumerRecord<String, EntityRecord>> readEntities(TaggingTopics topics, int expected) {
        return CommittedRecords.read(broker.bootstrapServers(), Map.of(), topics.entities().name(), new StringDeserializer(),
                topics.entities().value().deserializer(), expected, Duration.ofSeconds(120));
    }
}
