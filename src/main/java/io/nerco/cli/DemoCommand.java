package io.nerco.cli;

import io.nerco.avro.EntityRecord;
import io.nerco.avro.TextEvent;
import io.nerco.model.OnnxTagger;
import io.nerco.model.Taggers;
import io.nerco.registry.ApicurioLauncher;
import io.nerco.registry.SchemaRegistryClient;
import io.nerco.registry.SchemaRegistrySettings;
import io.nerco.stream.EmbeddedKafkaBroker;
import io.nerco.stream.TaggingSettings;
import io.nerco.stream.TaggingStreams;
import io.nerco.stream.TaggingTopics;
import io.nerco.stream.TaggingTopology;
import io.nerco.stream.TextEventLines;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code nerco demo}: everything in one process on loopback: a single-node KRaft broker, the
 * real Apicurio registry (a child process), the tagging topology with the model bundle, and
 * a sample news feed of invented stories; prints each event's entities as they arrive.
 * {@code --events N} stops after N events with exit code 0, for scripts.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Embedded broker, registry, sample news feed and tagging topology; prints entities as they arrive.")
public final class DemoCommand implements Callable<Integer> {
    private static final String FEED = "/io/nerco/cli/news-feed.txt";

    @Option(names = "--model", defaultValue = "models/default", description = "model bundle folder (default ${DEFAULT-VALUE})")
    Path model;
    @Option(names = "--events", defaultValue = "0", description = "stop after this many events (0: the whole feed of 320)")
    int events;
    @Option(names = "--batch-size", defaultValue = "16") int batchSize;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        List<String> feed = feed();
        int count = events > 0 ? Math.min(events, feed.size()) : feed.size();
        TaggingSettings settings = TaggingSettings.defaults().withBatching(batchSize, Duration.ofMillis(200));
        out.println("starting Kafka (KRaft, 127.0.0.1) and Apicurio registry ...");
        out.flush();
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(Map.of(), Duration.ofSeconds(60));
                ApicurioLauncher.Running registryProcess = ApicurioLauncher.fromEnvironment().start();
                SchemaRegistryClient registry = new SchemaRegistryClient(SchemaRegistrySettings.of(registryProcess.confluentApiUrl()));
                OnnxTagger tagger = Taggers.open(model)) {
            TaggingTopics topics = TaggingTopics.withRegistry("text-events", "entities", "entity-mentions", "dead-letters", registry);
            broker.createTopics(1, "text-events", "entities", "entity-mentions", "dead-letters");
            Properties config = new Properties();
            config.put(StreamsConfig.APPLICATION_ID_CONFIG, "nerco-demo");
            config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
            config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
            config.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
            config.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("nerco-demo-state").toString());
            try (TaggingStreams streams = TaggingStreams.start(new TaggingTopology(settings, tagger, topics), settings, config,
                    Duration.ofSeconds(60))) {
                out.printf("model %s %s; sending %d news items%n%n", tagger.modelId().name(), tagger.modelId().version(), count);
                out.flush();
                Map<String, String> texts = send(broker, topics, feed.subList(0, count));
                print(broker, topics, texts, out, count);
            }
        }
        return 0;
    }

    /** The invented sample news feed shipped in the jar, one item per line. */
    static List<String> feed() throws Exception {
        try (var in = DemoCommand.class.getResourceAsStream(FEED)) {
            if (in == null) {
                throw new IllegalStateException("sample feed " + FEED + " missing from the jar");
            }
            return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines()
                    .filter(l -> !l.isBlank()).toList();
        }
    }

    private static Map<String, String> send(EmbeddedKafkaBroker broker, TaggingTopics topics, List<String> items) {
        var lines = new TextEventLines("demo-feed", Clock.systemUTC());
        Map<String, String> texts = new java.util.HashMap<>();
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.bootstrapServers()), new StringSerializer(), topics.textEvents().value().serializer())) {
            for (String item : items) {
                TextEvent event = lines.parse(item);
                texts.put(event.getId(), event.getText());
                producer.send(new ProducerRecord<>(topics.textEvents().name(), event.getId(), event));
            }
        }
        return texts;
    }

    private static void print(EmbeddedKafkaBroker broker, TaggingTopics topics, Map<String, String> texts, PrintWriter out, int count) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "demo-printer-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        int seen = 0;
        try (var consumer = new KafkaConsumer<>(config, new StringDeserializer(), topics.entities().value().deserializer())) {
            consumer.subscribe(List.of(topics.entities().name()));
            while (seen < count) {
                for (var record : consumer.poll(Duration.ofMillis(500))) {
                    seen++;
                    EntityRecord value = record.value();
                    out.printf("[%d/%d] %s%n", seen, count, texts.getOrDefault(value.getEventId(), ""));
                    List<String> found = new ArrayList<>();
                    value.getEntities().forEach(e -> found.add(String.format("%s \"%s\" [%d,%d) %.2f",
                            e.getType(), e.getText(), e.getStart(), e.getEnd(), e.getScore())));
                    out.println(found.isEmpty() ? "      (no entities)" : found.stream().collect(
                            Collectors.joining("\n      ", "      ", "")));
                    out.printf("      batch %d, queued %d ms, inference %d ms%n%n", value.getTimings().getBatchSize(),
                            value.getTimings().getQueuedMs(), value.getTimings().getInferenceMs());
                }
                out.flush();
            }
        }
        out.printf("%d events tagged.%n", seen);
        out.flush();
    }
}
