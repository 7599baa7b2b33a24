package io.nerco.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.nerco.avro.EntityRecord;
import io.nerco.avro.TextEvent;
import io.nerco.model.FixtureBundle;
import io.nerco.model.OnnxTagger;
import io.nerco.model.Tagger;
import io.nerco.model.TaggerOptions;
import io.nerco.model.Taggers;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import io.nerco.registry.ApicurioLauncher;
import io.nerco.registry.SchemaRegistryClient;
import io.nerco.registry.SchemaRegistrySettings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tagging topology on a real single-node KRaft broker (in this JVM), exactly-once.
 * Each test uses its own topics and application id.
 */
@Tag("integration")
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class TaggingTopologyIntegrationTest {
    static final TaggingSettings SETTINGS = TaggingSettings.defaults().withBatching(8, Duration.ofMillis(100))
            .withMaxTextChars(2_000);
    static final Duration SLOW_BATCH = Duration.ofMillis(40);
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static EmbeddedKafkaBroker broker;
    private static ApicurioLauncher.Running registryProcess;
    private static SchemaRegistryClient registry;

    @BeforeAll
    static void startBrokerAndRegistry() throws Exception {
        ApicurioLauncher launcher = ApicurioLauncher.fromEnvironment();
        assumeTrue(launcher.isAvailable(), "no Apicurio registry at " + launcher.home() + " (run through Maven, which unpacks it)");
        registryProcess = launcher.start();
        registry = new SchemaRegistryClient(SchemaRegistrySettings.of(registryProcess.confluentApiUrl()));
        broker = EmbeddedKafkaBroker.start(Map.of(), Duration.ofSeconds(60));
    }

    @AfterAll
    static void stopBrokerAndRegistry() {
        if (broker != null) {
            broker.close();
        }
        if (registry != null) {
            registry.close();
        }
        if (registryProcess != null) {
            registryProcess.close();
        }
    }

    /** Streams config shared by this test and the worker JVM. */
    static Properties streamsConfig(String bootstrap, String applicationId, Path stateDir) {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 6_000);
        props.put(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), 1_000);
        return props;
    }

    private static String uniquePrefix() {
        return "it-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static TaggingTopics createTopics(String prefix) throws Exception {
        TaggingTopics topics = IntegrationTopics.named(prefix, registry);
        broker.createTopics(2, topics.textEvents().name(), topics.entities().name(), topics.mentions().name(),
                topics.deadLetters());
        return topics;
    }

    private static TaggingStreams startStreams(TaggingTopics topics, Tagger tagger, String applicationId) throws Exception {
        return TaggingStreams.start(new TaggingTopology(SETTINGS, tagger, topics),
                streamsConfig(broker.bootstrapServers(), applicationId, Files.createTempDirectory("state")),
                Duration.ofSeconds(60));
    }

    private static TextEvent event(String id, String text) {
        return TextEvent.newBuilder().setId(id).setSource("it").setText(text).setEventTimestamp(T0)
                .setAttributes(Map.of()).build();
    }

    private static String sentence(int i) {
        return "Report " + i + ": Maria Lopez of Acme Corp met officials in Lisbon.";
    }

    private static Map<String, TextEvent> produceEvents(TaggingTopics topics, int count) {
        Map<String, TextEvent> sent = new HashMap<>();
        try (var producer = new CheckedProducer<>(broker.bootstrapServers(), topics.textEvents().value().serializer())) {
            for (int i = 0; i < count; i++) {
                TextEvent event = event("e" + i, sentence(i));
                producer.send(new ProducerRecord<>(topics.textEvents().name(), event.getId(), event));
                sent.put(event.getId(), event);
            }
        }
        return sent;
    }

    private static <K, V> List<ConsumerRecord<K, V>> readAll(String topic, Deserializer<K> keys, Deserializer<V> values,
            int expected) {
        return CommittedRecords.read(broker.bootstrapServers(), Map.of(), topic, keys, values, expected, Duration.ofSeconds(120));
    }

    private static void assertExactlyOneMatchingOutputPerInput(Map<String, TextEvent> sent, List<ConsumerRecord<String, EntityRecord>> out) {
        assertThat(out).extracting(ConsumerRecord::key).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(sent.keySet());
        for (var record : out) {
            String text = sent.get(record.key()).getText();
            assertThat(record.value().getEventId()).isEqualTo(record.key());
            assertThat(record.value().getEntities()).isNotEmpty().allSatisfy(e ->
                    assertThat(text.substring(e.getStart(), e.getEnd())).isEqualTo(e.getText()));
            assertThat(record.value().getEntities()).extracting(e -> e.getText())
                    .contains("Maria Lopez", "Acme Corp", "Lisbon.");
        }
    }

    @Test
    void everyEventYieldsOneEntityRecordWithOffsetsIntoItsText() throws Exception {
        TaggingTopics topics = createTopics(uniquePrefix());
        var tagger = new CapitalisedWordTagger();
        try (TaggingStreams streams = startStreams(topics, tagger, "app-" + UUID.randomUUID())) {
            Map<String, TextEvent> sent = produceEvents(topics, 200);
            var out = readAll(topics.entities().name(), new StringDeserializer(), topics.entities().value().deserializer(), 200);
            assertExactlyOneMatchingOutputPerInput(sent, out);
            var mentions = readAll(topics.mentions().name(), new StringDeserializer(), topics.mentions().value().deserializer(), 800);
            assertThat(mentions).extracting(ConsumerRecord::key).contains("ORG|acme corp", "PER|maria lopez");
            assertThat(streams.failure()).isNull();
            assertThat(blockCacheCapacities(streams)).as("every store instance on the one shared, bounded cache")
                    .isNotEmpty().containsOnly((double) (BoundedStateMemory.DEFAULT_MEMORY_MB << 20));
        }
        assertThat(tagger.batchSizes()).allSatisfy(size -> assertThat(size).isBetween(1, SETTINGS.batchSize()));
    }

    /** {@code block-cache-capacity} of each RocksDB store instance (one per store and task). */
    private static List<Double> blockCacheCapacities(TaggingStreams streams) {
        return streams.metrics().entrySet().stream()
                .filter(e -> e.getKey().name().equals("block-cache-capacity") && e.getKey().group().equals("stream-state-metrics"))
                .map(e -> ((Number) e.getValue().metricValue()).doubleValue()).toList();
    }

    /**
     * The real ONNX tagger: the default bundle when {@code models/default} holds one, else the
     * runtime's fixture bundle (the real MiniLM encoder with a seeded random tagger head, so
     * its entities mean nothing but its offsets are real).
     */
    @Test
    void theOnnxTaggerGivesEveryEventOneRecordWithOffsetsIntoItsText(@TempDir Path dir) throws Exception {
        Path defaultBundle = Path.of("models", "default");
        Path bundle = Files.exists(defaultBundle.resolve("model.json")) ? defaultBundle : FixtureBundle.write(dir.resolve("bundle"), 7);
        TaggingTopics topics = createTopics(uniquePrefix());
        try (OnnxTagger tagger = Taggers.open(bundle, TaggerOptions.defaults().withMaxBatchSize(8));
                TaggingStreams streams = startStreams(topics, tagger, "app-" + UUID.randomUUID())) {
            Map<String, TextEvent> sent = produceEvents(topics, 40);
            var out = readAll(topics.entities().name(), new StringDeserializer(), topics.entities().value().deserializer(), 40);
            assertThat(out).extracting(ConsumerRecord::key).doesNotHaveDuplicates()
                    .containsExactlyInAnyOrderElementsOf(sent.keySet());
            for (var record : out) {
                String text = sent.get(record.key()).getText();
                assertThat(record.value().getModelName()).isEqualTo(tagger.modelId().name());
                assertThat(record.value().getEntities()).allSatisfy(e ->
                        assertThat(text.substring(e.getStart(), e.getEnd())).isEqualTo(e.getText()));
            }
            assertThat(out).as("the model finds something").anySatisfy(r -> assertThat(r.value().getEntities()).isNotEmpty());
            assertThat(streams.failure()).isNull();
        }
    }

    @Test
    void poisonRecordsGoToTheDeadLetterTopicWithReasonsWhileGoodOnesFlow() throws Exception {
        TaggingTopics topics = createTopics(uniquePrefix());
        try (TaggingStreams streams = startStreams(topics, new CapitalisedWordTagger(), "app-" + UUID.randomUUID())) {
            Map<String, String> expectedReasons = new HashMap<>();
            Map<String, TextEvent> good = new HashMap<>();
            var valueSerializer = topics.textEvents().value().serializer();
            try (var producer = new CheckedProducer<>(broker.bootstrapServers(), new ByteArraySerializer())) {
                String in = topics.textEvents().name();
                for (int i = 0; i < 20; i++) {
                    TextEvent ok = event("good-" + i, sentence(i));
                    good.put(ok.getId(), ok);
                    producer.send(new ProducerRecord<>(in, ok.getId(), valueSerializer.serialize(in, ok)));
                    String bad = "bad-" + i;
                    switch (i % 6) {
                        case 0 -> producer.send(new ProducerRecord<>(in, bad, "hello".getBytes(StandardCharsets.UTF_8)));
                        case 5 -> producer.send(new ProducerRecord<>(in, bad, new byte[] {0, 0x7f, 0, 0, 1, 2, 'x'}));
                        case 1 -> producer.send(new ProducerRecord<>(in, bad, null));
                        case 2 -> producer.send(new ProducerRecord<>(in, bad, valueSerializer.serialize(in, event(bad, " "))));
                        case 3 -> producer.send(new ProducerRecord<>(in, bad, valueSerializer.serialize(in, event(bad, "x".repeat(2_001)))));
                        case 4 -> producer.send(new ProducerRecord<>(in, bad,
                                valueSerializer.serialize(in, event(bad, "Bad " + CapitalisedWordTagger.POISON))));
                    }
                    expectedReasons.put(bad, switch (i % 6) {
                        case 0 -> "UNKNOWN_MAGIC_BYTE";
                        case 5 -> "UNKNOWN_SCHEMA_ID";
                        case 1 -> "NULL_VALUE";
                        case 2 -> "MISSING_TEXT";
                        case 3 -> "TEXT_TOO_LONG";
                        case 4 -> "TAGGING_FAILED";
                        default -> throw new AssertionError(i);
                    });
                }
            }
            var out = readAll(topics.entities().name(), new StringDeserializer(), topics.entities().value().deserializer(), 20);
            assertExactlyOneMatchingOutputPerInput(good, out);

            var dead = readAll(topics.deadLetters(), new StringDeserializer(), new ByteArrayDeserializer(), 20);
            Map<String, String> reasons = new HashMap<>();
            for (var record : dead) {
                reasons.put(record.key(), DeadLetters.header(record.headers(), DeadLetters.REASON_HEADER));
                assertThat(DeadLetters.header(record.headers(), DeadLetters.TOPIC_HEADER)).isEqualTo(topics.textEvents().name());
                assertThat(DeadLetters.header(record.headers(), DeadLetters.OFFSET_HEADER)).matches("\\d+");
            }
            assertThat(dead).hasSize(20);
            assertThat(reasons).isEqualTo(expectedReasons);
            assertThat(streams.failure()).isNull();
        }
    }

    @Test
    void afterACleanCloseMidStreamARestartedInstanceGivesEveryInputExactlyOneOutput() throws Exception {
        TaggingTopics topics = createTopics(uniquePrefix());
        String applicationId = "app-" + UUID.randomUUID();
        Map<String, TextEvent> sent = produceEvents(topics, 400);
        try (TaggingStreams first = startStreams(topics, new SlowTagger(new CapitalisedWordTagger(), SLOW_BATCH), applicationId)) {
            readAll(topics.entities().name(), new StringDeserializer(), topics.entities().value().deserializer(), 40);
        }
        try (TaggingStreams second = startStreams(topics, new CapitalisedWordTagger(), applicationId)) {
            var out = readAll(topics.entities().name(), new StringDeserializer(), topics.entities().value().deserializer(), 400);
            assertExactlyOneMatchingOutputPerInput(sent, out);
        }
    }

    @Test
    void afterSigkillMidStreamARestartedInstanceGivesEveryInputExactlyOneOutput() throws Exception {
        String prefix = uniquePrefix();
        TaggingTopics topics = createTopics(prefix);
        String applicationId = "app-" + UUID.randomUUID();
        Map<String, TextEvent> sent = produceEvents(topics, 400);

        Process worker = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m", "-cp", System.getProperty("java.class.path"), TaggingWorkerMain.class.getName(),
                broker.bootstrapServers(), applicationId, prefix, registryProcess.confluentApiUrl().toString())
                .redirectErrorStream(true).start();
        try {
            var lines = new BufferedReader(new InputStreamReader(worker.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = lines.readLine()) != null && !line.equals("RUNNING")) {
                // worker log lines; wait for the marker
            }
            assertThat(line).as("worker started").isEqualTo("RUNNING");
            Thread.ofVirtual().start(() -> lines.lines().forEach(l -> { }));
            readAll(topics.entities().name(), new StringDeserializer(), topics.entities().value().deserializer(), 40);
        } finally {
            worker.destroyForcibly();
            worker.waitFor();
        }
        assertThat(worker.exitValue()).as("killed by SIGKILL").isEqualTo(137);

        try (TaggingStreams second = startStreams(topics, new CapitalisedWordTagger(), applicationId)) {
            var out = readAll(topics.entities().name(), new StringDeserializer(), topics.entities().value().deserializer(), 400);
            assertExactlyOneMatchingOutputPerInput(sent, out);
        }
    }
}
