package io.nerco.stream;

import io.nerco.avro.TextEvent;
import io.nerco.model.OnnxTagger;
import io.nerco.model.TaggerOptions;
import io.nerco.model.Taggers;
import io.nerco.registry.ApicurioLauncher;
import io.nerco.registry.SchemaRegistryClient;
import io.nerco.registry.SchemaRegistrySettings;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A soak run for docs/reliability.md, not a test: the tagging topology (exactly-once, the
 * real ONNX tagger on a bundle) fed documents of {@code chars} characters for
 * {@code seconds}, printing every 10 s the heap in use after a full GC, the process's
 * resident set, the state stores' RocksDB cache and memtables (bounded by
 * {@link BoundedStateMemory}) and how many events were tagged. Memory is bounded when both level off.
 * Arguments: seconds (default 180), bundle folder (default models/default), chars per
 * document (default 20000), documents per minute at most (default 0: as fast as they are tagged,
 * a lower rate leaves cores to other work). Needs the Maven build's target/apicurio.
 */
public final class MemorySoakMain {
    private MemorySoakMain() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 180;
        Path bundle = Path.of(args.length > 1 ? args[1] : "models/default");
        int chars = args.length > 2 ? Integer.parseInt(args[2]) : 20_000;
        int perMinute = args.length > 3 ? Integer.parseInt(args[3]) : 0;
        long sendInterval = perMinute > 0 ? Duration.ofMinutes(1).toNanos() / perMinute : 0;
        TaggingSettings settings = TaggingSettings.defaults().withBatching(8, Duration.ofMillis(200)).withMaxTextChars(chars);
        try (ApicurioLauncher.Running apicurio = ApicurioLauncher.fromEnvironment().start();
                SchemaRegistryClient registry = new SchemaRegistryClient(SchemaRegistrySettings.of(apicurio.confluentApiUrl()));
                EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(Map.of(), Duration.ofSeconds(60));
                OnnxTagger tagger = Taggers.open(bundle, TaggerOptions.defaults().withMaxBatchSize(8).withMaxTextLength(chars))) {
            TaggingTopics topics = IntegrationTopics.named("soak-" + UUID.randomUUID().toString().substring(0, 8), registry);
            broker.createTopics(2, topics.textEvents().name(), topics.entities().name(), topics.mentions().name(),
                    topics.deadLetters());
            var config = TaggingTopologyIntegrationTest.streamsConfig(broker.bootstrapServers(), "soak",
                    Files.createTempDirectory("soak-state"));
            try (TaggingStreams streams = TaggingStreams.start(new TaggingTopology(settings, tagger, topics),
                    config, Duration.ofSeconds(60));
                    var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                            broker.bootstrapServers()), new StringSerializer(), topics.textEvents().value().serializer())) {
                String sentence = "Reuters reported on Monday that Acme Corp and Maria Lopez opened an office in Lisbon. ";
                long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
                long nextReport = 0;
                long nextSend = 0;
                int sent = 0;
                System.out.println("seconds,heap_after_gc_mb,rss_mb,rocksdb_cache_mb,memtables_mb,events_sent,events_tagged");
                long start = System.nanoTime();
                while (System.nanoTime() < end) {
                    // Keep about two batches in flight: the point is memory over time, not a backlog.
                    double tagged = taggedCount(streams);
                    if (sent - tagged < 16 && System.nanoTime() >= nextSend) {
                        String text = (sent + ": " + sentence).repeat(chars / sentence.length() + 1).substring(0, chars);
                        producer.send(new ProducerRecord<>(topics.textEvents().name(), "e" + sent, TextEvent.newBuilder()
                                .setId("e" + sent).setSource("soak").setText(text).setEventTimestamp(Instant.now())
                                .setAttributes(Map.of()).build()));
                        sent++;
                        nextSend = System.nanoTime() + sendInterval;
                    } else {
                        Thread.sleep(50);
                    }
                    if (System.nanoTime() >= nextReport) {
                        System.gc();
                        long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
                        System.out.printf("%d,%d,%d,%.1f,%.1f,%d,%.0f%n", (System.nanoTime() - start) / 1_000_000_000,
                                heap >> 20, residentMb(), stateMetric(streams, "block-cache-usage", false) / (1 << 20),
                                stateMetric(streams, "size-all-mem-tables", true) / (1 << 20), sent, tagged);
                        nextReport = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                    }
                }
            }
        }
    }

    /** Records the stream thread's producer has sent to the entities topic so far. */
    private static double taggedCount(TaggingStreams streams) {
        return streams.metrics().entrySet().stream()
                .filter(e -> e.getKey().name().equals("record-send-total") && e.getKey().group().equals("producer-topic-metrics")
                        && e.getKey().tags().getOrDefault("topic", "").endsWith("-entities"))
                .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue()).sum();
    }

    /**
     * A RocksDB property metric of the state stores: the largest over store instances (they share
     * one cache, so each reports all of it) or their sum (memtables are per store).
     */
    private static double stateMetric(TaggingStreams streams, String name, boolean sum) {
        var values = streams.metrics().entrySet().stream()
                .filter(e -> e.getKey().name().equals(name) && e.getKey().group().equals("stream-state-metrics"))
                .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue());
        return sum ? values.sum() : values.max().orElse(0);
    }

    private static long residentMb() throws Exception {
        return Files.readAllLines(Path.of("/proc/self/status")).stream().filter(l -> l.startsWith("VmRSS:"))
                .mapToLong(l -> Long.parseLong(l.replaceAll("\\D", "")) / 1024).findFirst().orElse(-1);
    }
}
