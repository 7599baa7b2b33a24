package io.nerco.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.nerco.avro.EntityRecord;
import io.nerco.avro.TextEvent;
import io.nerco.testing.ApicurioRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash recovery under continuous load: a tagging instance in its own JVM is killed with
 * SIGKILL at random moments several times while a producer keeps writing, and restarted on
 * the same state directory each time (as a supervisor would). Under {@code exactly_once_v2}
 * every input has exactly one output a read_committed consumer sees, in input order per
 * partition; under {@code at_least_once} every input has at least one and the duplicates are
 * counted and reported. The random seed is printed so a failing schedule can be replayed
 * ({@code -Dnerco.crash.seed=N}). Eight JVM starts: about 45 s on two cores beside a training run.
 */
@Tag("integration")
@Timeout(value = 900, unit = TimeUnit.SECONDS)
class CrashRecoveryIntegrationTest {
    private static final int KILLS = 3;
    private static final Duration PRODUCE_PAUSE = Duration.ofMillis(20);
    /** Caps the load so the backlog after the last restart stays small on a slow machine. */
    private static final int MAX_EVENTS = 3_000;
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    @RegisterExtension
    static final ApicurioRegistry REGISTRY = new ApicurioRegistry();
    private static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void startBroker() throws IOException {
        broker = EmbeddedKafkaBroker.start(Map.of(), Duration.ofSeconds(60));
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void exactlyOnceGivesEveryInputOneOutputInOrderAfterRepeatedSigkills(@TempDir Path workDir) throws Exception {
        Run run = crashRepeatedly(StreamsConfig.EXACTLY_ONCE_V2, workDir);

        assertThat(run.outputs()).extracting(ConsumerRecord::key).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(run.sent());
        for (var partition : run.outputs().stream().collect(Collectors.groupingBy(ConsumerRecord::partition)).entrySet()) {
            assertThat(partition.getValue()).as("partition %d in input order", partition.getKey())
                    .extracting(r -> sequence(r.key())).isSorted();
        }
        assertThat(run.outputs()).allSatisfy(r -> assertThat(r.value().getEventId()).isEqualTo(r.key()));
    }

    @Test
    void atLeastOnceGivesEveryInputAnOutputAndCountsTheDuplicates(@TempDir Path workDir) throws Exception {
        Run run = crashRepeatedly(StreamsConfig.AT_LEAST_ONCE, workDir);

        Map<String, Long> perKey = run.outputs().stream()
                .collect(Collectors.groupingBy(ConsumerRecord::key, TreeMap::new, Collectors.counting()));
        assertThat(perKey.keySet()).containsExactlyInAnyOrderElementsOf(run.sent());
        long duplicates = run.outputs().size() - perKey.size();
        System.out.printf("at_least_once after %d SIGKILLs: %d inputs, %d outputs, %d duplicates (%.2f%%)%n",
                KILLS, run.sent().size(), run.outputs().size(), duplicates, 100.0 * duplicates / run.sent().size());
    }

    /** What went in and what came out of one crash run. */
    private record Run(List<String> sent, List<ConsumerRecord<String, EntityRecord>> outputs) {}

    private Run crashRepeatedly(String guarantee, Path workDir) throws Exception {
        long seed = Long.getLong("nerco.crash.seed", System.nanoTime());
        System.out.println(guarantee + " crash schedule seed " + seed);
        Random random = new Random(seed);
        String prefix = "crash-" + UUID.randomUUID().toString().substring(0, 8);
        var registry = new io.nerco.registry.SchemaRegistryClient(REGISTRY.settings());
        TaggingTopics topics = IntegrationTopics.named(prefix, registry);
        broker.createTopics(2, topics.textEvents().name(), topics.entities().name(), topics.mentions().name(),
                topics.deadLetters());
        String applicationId = "app-" + UUID.randomUUID();
        List<String> sent = java.util.Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean producing = new AtomicBoolean(true);
        Thread producer = Thread.ofPlatform().name("load").start(() -> produceUntilStopped(topics, sent, producing));
        try {
            for (int kill = 0; kill < KILLS; kill++) {
                Process worker = startWorker(applicationId, prefix, guarantee, workDir);
                Thread.sleep(300 + random.nextInt(2_500));
                worker.destroyForcibly();
                worker.waitFor();
                assertThat(worker.exitValue()).as("killed by SIGKILL").isEqualTo(137);
            }
            Process survivor = startWorker(applicationId, prefix, guarantee, workDir);
            try {
                Thread.sleep(1_000);
                producing.set(false);
                producer.join();
                long t0 = System.nanoTime();
                var outputs = CommittedRecords.readDistinctKeys(broker.bootstrapServers(), Map.of(), topics.entities().name(),
                        new StringDeserializer(), topics.entities().value().deserializer(), sent.size(), Duration.ofSeconds(300));
                System.out.printf("%d outputs read after %d ms%n", outputs.size(), (System.nanoTime() - t0) / 1_000_000);
                assertThat(CommittedRecords.stableCount(broker.bootstrapServers(), Map.of(), topics.deadLetters()))
                        .as("dead letters").isZero();
                return new Run(List.copyOf(sent), outputs);
            } finally {
                survivor.destroyForcibly();
                survivor.waitFor();
            }
        } finally {
            producing.set(false);
            producer.join();
            registry.close();
        }
    }

    private static void produceUntilStopped(TaggingTopics topics, List<String> sent, AtomicBoolean producing) {
        Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all");
        try (var producer = new KafkaProducer<>(config, new StringSerializer(), topics.textEvents().value().serializer())) {
            for (int i = 0; producing.get() && i < MAX_EVENTS; i++) {
                String id = "e" + i;
                TextEvent event = TextEvent.newBuilder().setId(id).setSource("crash").setEventTimestamp(T0)
                        .setText("Report " + i + ": Maria Lopez of Acme Corp met officials in Lisbon.")
                        .setAttributes(Map.of()).build();
                producer.send(new ProducerRecord<>(topics.textEvents().name(), id, event), (metadata, error) -> {
                    if (error == null) {
                        sent.add(id);
                    }
                });
                Thread.sleep(PRODUCE_PAUSE);
            }
            producer.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Process startWorker(String applicationId, String prefix, String guarantee, Path workDir) throws IOException {
        long t0 = System.nanoTime();
        Path log = Files.createTempFile(workDir, "worker-", ".log");
        Process worker = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                TaggingWorkerMain.class.getName(), broker.bootstrapServers(), applicationId, prefix,
                REGISTRY.confluentApiUrl().toString(), guarantee, workDir.resolve("state").toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        await().atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofMillis(100))
                .until(() -> !worker.isAlive() || Files.readAllLines(log).contains("RUNNING"));
        assertThat(worker.isAlive()).as("worker started; its log:%n%s", Files.readString(log)).isTrue();
        System.out.printf("worker running after %d ms%n", (System.nanoTime() - t0) / 1_000_000);
        return worker;
    }

    private static int sequence(String key) {
        return Integer.parseInt(key.substring(1));
    }
}
