package io.nerco.cli;

import io.nerco.avro.EntityRecord;
import io.nerco.avro.LabeledEvent;
import io.nerco.avro.QualityReport;
import io.nerco.avro.TypeQuality;
import io.nerco.eval.ConllReader;
import io.nerco.eval.ConllToLabeled;
import io.nerco.eval.LabeledDocument;
import io.nerco.avro.TextEvent;
import io.nerco.model.Tagger;
import io.nerco.model.TaggerOptions;
import io.nerco.model.Taggers;
import io.nerco.registry.ApicurioLauncher;
import io.nerco.registry.SchemaRegistryClient;
import io.nerco.registry.SchemaRegistrySettings;
import io.nerco.stream.CheckedProducer;
import io.nerco.stream.EmbeddedKafkaBroker;
import io.nerco.stream.LabeledEvents;
import io.nerco.stream.NercoTopologies;
import io.nerco.stream.QualitySettings;
import io.nerco.stream.QualityTopics;
import io.nerco.stream.QualityTopology;
import io.nerco.stream.ServingInstance;
import io.nerco.stream.StreamMetrics;
import io.nerco.stream.TaggerCalibration;
import io.nerco.stream.TaggingSettings;
import io.nerco.stream.TaggingTopics;
import io.nerco.stream.TaggingTopology;
import io.nerco.stream.TextEventLines;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code nerco demo}: everything in one process on loopback: a single-node KRaft broker, the
 * real Apicurio registry (a child process), the tagging topology with the model bundle, and
 * a sample news feed of invented stories (English, and some Chinese that goes to the Chinese
 * bundle); prints each event's entities as they arrive.
 * {@code --events N} stops after N events with exit code 0, for scripts. {@code --labeled}
 * adds the quality topology and replays CoNLL files through it. {@code /health},
 * {@code /ready} and {@code /metrics} are served on loopback (see {@code OpsHttpServer}).
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Embedded broker, registry, sample news feed and tagging topology; prints entities as they arrive.")
public final class DemoCommand implements Callable<Integer> {
    private static final String FEED = "/io/nerco/cli/news-feed.txt";
    private static final Duration QUALITY_WINDOW = Duration.ofMinutes(1);

    @Option(names = "--model", split = ",", defaultValue = "models/default,models/zh",
            description = "model bundle folders, one per language, the first the fallback (default ${DEFAULT-VALUE})")
    List<Path> model;
    @Option(names = "--accurate-model", split = ",", description = "accurate bundle folders: each re-tags the sentences the "
            + "--model bundle of its language is unsure of (a cascade; default none)")
    List<Path> accurateModel = List.of();
    @Option(names = "--accurate-below", defaultValue = "0.8",
            description = "sentence probability below which the accurate bundle re-tags (default ${DEFAULT-VALUE})")
    double accurateBelow;
    @Option(names = "--events", defaultValue = "0", description = "stop after this many events (0: the whole feed of 336, 16 of them Chinese)")
    int events;
    @Option(names = "--batch-size", defaultValue = "16") int batchSize;
    @Option(names = "--http-host", defaultValue = "127.0.0.1", description = "bind address of /health, /ready, /metrics (default ${DEFAULT-VALUE})")
    String httpHost;
    @Option(names = "--http-port", defaultValue = "9400", description = "their port (default ${DEFAULT-VALUE}; 0: any free port)")
    int httpPort;
    @Option(names = "--labeled", arity = "1..*", description = "CoNLL files to replay through the quality topology; "
            + "the first half of the documents in one quality window, the rest in the next, which closes the first")
    List<Path> labeled;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        List<String> feed = feed();
        int count = events > 0 ? Math.min(events, feed.size()) : feed.size();
        out.println("starting Kafka (KRaft, 127.0.0.1) and Apicurio registry ...");
        out.flush();
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(Map.of(), Duration.ofSeconds(60));
                ApicurioLauncher.Running registryProcess = ApicurioLauncher.fromEnvironment().start();
                SchemaRegistryClient registry = new SchemaRegistryClient(SchemaRegistrySettings.of(registryProcess.confluentApiUrl()));
                Tagger tagger = Taggers.open(model, accurateModel, accurateBelow, TaggerOptions.defaults())) {
            TaggingSettings settings = TaggerCalibration.calibrated(
                    TaggingSettings.defaults().withBatching(batchSize, TaggingSettings.DEFAULT_MAX_LATENCY), tagger);
            TaggingTopics topics = TaggingTopics.withRegistry("text-events", "entities", "entity-mentions", "dead-letters", registry);
            broker.createTopics(1, "text-events", "entities", "entity-mentions", "dead-letters");
            StreamMetrics metrics = new StreamMetrics();
            QualityTopology quality = null;
            QualityTopics qualityTopics = QualityTopics.withRegistry("labeled-events", "quality", "quality-alerts", "dead-letters", registry);
            if (labeled != null) {
                broker.createTopics(1, "labeled-events", "quality", "quality-alerts");
                quality = new QualityTopology(QualitySettings.defaults().withBatching(settings).withWindow(QUALITY_WINDOW, Duration.ZERO),
                        tagger, qualityTopics, metrics);
            }
            Properties config = new Properties();
            config.put(StreamsConfig.APPLICATION_ID_CONFIG, "nerco-demo");
            config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
            config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
            config.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
            config.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("nerco-demo-state").toString());
            try (ServingInstance instance = ServingInstance.open(new NercoTopologies(new TaggingTopology(settings, tagger, topics, metrics),
                    quality), metrics, config, new InetSocketAddress(httpHost, httpPort))) {
                instance.start(Duration.ofSeconds(60));
                out.printf("models %s; metrics at http://%s:%d/metrics; sending %d news items%n%n", Taggers.describe(tagger),
                        instance.httpAddress().getHostString(), instance.httpAddress().getPort(), count);
                out.flush();
                Map<String, String> texts = send(broker, topics, feed.subList(0, count));
                print(broker, topics, texts, out, count);
                if (labeled != null) {
                    replayLabeled(broker, qualityTopics, out);
                }
            }
        }
        return 0;
    }

    /** Sends the labeled documents in two quality windows, so the second closes the first, and prints the first's report. */
    private void replayLabeled(EmbeddedKafkaBroker broker, QualityTopics topics, PrintWriter out) throws Exception {
        List<LabeledDocument> docs = new ArrayList<>();
        for (Path file : labeled) {
            docs.addAll(new ConllToLabeled(10).convert(ConllReader.detecting().read(file)));
        }
        Instant first = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        int half = (docs.size() + 1) / 2;
        try (var producer = new CheckedProducer<>(broker.bootstrapServers(), topics.labeledEvents().value().serializer())) {
            for (int i = 0; i < docs.size(); i++) {
                LabeledEvent event = LabeledEvents.of(docs.get(i), "demo-labeled", i < half ? first : first.plus(QUALITY_WINDOW), true);
                producer.send(topics.labeledEvents().name(), event.getId(), event);
            }
        }
        out.printf("sent %d labeled documents; waiting for the report of the first %d ...%n", docs.size(), half);
        out.flush();
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "demo-quality-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (var consumer = new KafkaConsumer<>(config, new StringDeserializer(), topics.reports().value().deserializer())) {
            consumer.subscribe(List.of(topics.reports().name()));
            while (true) {
                for (var record : consumer.poll(Duration.ofMillis(500))) {
                    QualityReport report = record.value();
                    out.printf("quality %s..%s: %d documents%n", report.getWindowStart(), report.getWindowEnd(), report.getDocuments());
                    List<TypeQuality> lines = new ArrayList<>(List.of(report.getOverall()));
                    lines.addAll(report.getByType());
                    for (TypeQuality q : lines) {
                        out.printf("      %-8s P %.4f R %.4f F1 %.4f (TP %d FP %d FN %d)%n", q.getType(), q.getPrecision(),
                                q.getRecall(), q.getF1(), q.getTruePositives(), q.getFalsePositives(), q.getFalseNegatives());
                    }
                    out.flush();
                    return;
                }
            }
        }
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
        try (var producer = new CheckedProducer<>(broker.bootstrapServers(), topics.textEvents().value().serializer())) {
            for (String item : items) {
                TextEvent event = lines.parse(item);
                texts.put(event.getId(), event.getText());
                producer.send(topics.textEvents().name(), event.getId(), event);
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
                    out.printf("      %s, batch %d, queued %d ms, inference %d ms%n%n", value.getModelName(),
                            value.getTimings().getBatchSize(), value.getTimings().getQueuedMs(), value.getTimings().getInferenceMs());
                }
                out.flush();
            }
        }
        out.printf("%d events tagged.%n", seen);
        out.flush();
    }
}
