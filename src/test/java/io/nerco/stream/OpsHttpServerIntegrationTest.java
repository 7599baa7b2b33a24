package io.nerco.stream;

import static io.nerco.stream.QualityHarness.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.nerco.avro.LabeledEvent;
import io.nerco.avro.QualityReport;
import io.nerco.avro.TextEvent;
import io.nerco.eval.EvalCounts;
import io.nerco.eval.LabeledDocument;
import io.nerco.eval.TaggerEvaluation;
import io.nerco.model.FixtureBundle;
import io.nerco.model.OnnxTagger;
import io.nerco.model.TaggerOptions;
import io.nerco.model.Taggers;
import io.nerco.registry.ApicurioLauncher;
import io.nerco.registry.SchemaRegistryClient;
import io.nerco.registry.SchemaRegistrySettings;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Both topologies in one {@link ServingInstance} on a real KRaft broker, the real registry and
 * the real ONNX tagger (fixture bundle): {@code /ready} is 503 until Streams runs and again
 * after close; the scraped page carries batch and latency histograms that add up to what was
 * sent, Kafka Streams' own metrics, and quality gauges equal to the report on the quality
 * topic, whose counts equal {@code nerco eval}'s ({@link TaggerEvaluation}) on the same documents.
 */
@Tag("integration")
@Timeout(value = 400, unit = TimeUnit.SECONDS)
class OpsHttpServerIntegrationTest {
    private static final Duration LATENCY = Duration.ofMillis(100);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private static HttpResponse<String> get(InetSocketAddress at, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + at.getPort() + path))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static double sample(String page, String series) {
        Matcher m = Pattern.compile("^" + Pattern.quote(series) + " (\\S+)$", Pattern.MULTILINE).matcher(page);
        assertThat(m.find()).as("series " + series + " on the page").isTrue();
        return Double.parseDouble(m.group(1));
    }

    @Test
    void readinessFollowsTheStreamsStateAndTheScrapeShowsBatchesKafkaMetricsAndQuality(@TempDir Path dir) throws Exception {
        ApicurioLauncher launcher = ApicurioLauncher.fromEnvironment();
        assumeTrue(launcher.isAvailable(), "no Apicurio registry at " + launcher.home() + " (run through Maven, which unpacks it)");
        String prefix = "ops-" + UUID.randomUUID().toString().substring(0, 8);
        TaggingSettings batching = TaggingSettings.defaults().withBatching(8, LATENCY);
        List<LabeledDocument> docs = QualityTopologyTest.DOCS;
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(Map.of(), Duration.ofSeconds(60));
                ApicurioLauncher.Running registryProcess = launcher.start();
                SchemaRegistryClient registry = new SchemaRegistryClient(SchemaRegistrySettings.of(registryProcess.confluentApiUrl()));
                OnnxTagger tagger = Taggers.open(FixtureBundle.write(dir.resolve("bundle"), 7), TaggerOptions.defaults())) {
            TaggingTopics topics = IntegrationTopics.named(prefix, registry);
            QualityTopics qualityTopics = QualityTopics.withRegistry(prefix + "-labeled", prefix + "-quality",
                    prefix + "-alerts", topics.deadLetters(), registry);
            broker.createTopics(2, topics.textEvents().name(), topics.entities().name(), topics.mentions().name(),
                    topics.deadLetters(), qualityTopics.labeledEvents().name(), qualityTopics.reports().name(),
                    qualityTopics.alerts().name());
            StreamMetrics metrics = new StreamMetrics();
            QualitySettings qualitySettings = QualitySettings.defaults().withBatching(batching)
                    .withWindow(Duration.ofMinutes(1), Duration.ZERO);
            NercoTopologies topologies = new NercoTopologies(new TaggingTopology(batching, tagger, topics, metrics),
                    new QualityTopology(qualitySettings, tagger, qualityTopics, metrics));

            InetSocketAddress at;
            try (ServingInstance instance = ServingInstance.open(topologies, metrics, TaggingTopologyIntegrationTest.streamsConfig(
                    broker.bootstrapServers(), "app-" + prefix, Files.createTempDirectory("state")),
                    new InetSocketAddress("127.0.0.1", 0))) {
                at = instance.httpAddress();
                assertThat(get(at, "/ready").statusCode()).as("not ready before Streams runs").isEqualTo(503);
                assertThat(get(at, "/health").statusCode()).as("alive while created").isEqualTo(200);
                assertThat(get(at, "/health").body()).isEqualTo("state=CREATED\n");

                instance.start(Duration.ofSeconds(120));
                assertThat(get(at, "/ready").statusCode()).isEqualTo(200);

                int events = 30;
                try (var producer = new CheckedProducer<>(broker.bootstrapServers(), topics.textEvents().value().serializer())) {
                    for (int i = 0; i < events; i++) {
                        TextEvent e = TextEvent.newBuilder().setId("e" + i).setSource("it").setText("Maria Lopez joined Acme Corp in Lisbon.")
                                .setEventTimestamp(T0).setAttributes(Map.of()).build();
                        producer.send(new ProducerRecord<>(topics.textEvents().name(), e.getId(), e));
                    }
                }
                try (var producer = new CheckedProducer<>(broker.bootstrapServers(), qualityTopics.labeledEvents().value().serializer())) {
                    // One partition for the labeled set, so one task's stream time closes the window.
                    for (LabeledDocument doc : docs) {
                        LabeledEvent e = LabeledEvents.of(doc, "it", T0.plusSeconds(1), true);
                        producer.send(new ProducerRecord<>(qualityTopics.labeledEvents().name(), 0, e.getId(), e));
                    }
                    LabeledEvent tick = LabeledEvents.of(QualityHarness.doc("tick", "tick"), "it", T0.plusSeconds(300), true);
                    producer.send(new ProducerRecord<>(qualityTopics.labeledEvents().name(), 0, tick.getId(), tick));
                }
                QualityReport report = firstReport(broker, qualityTopics);
                EvalCounts offline = new TaggerEvaluation(tagger, 8).evaluate(docs);
                assertThat(QualityHarness.counts(report)).as("the streaming path scores as nerco eval does").isEqualTo(offline);

                await().atMost(Duration.ofSeconds(120)).until(() ->
                        get(at, "/metrics").body().contains("nerco_batch_size_sum{topology=\"tagging\"} " + events + "\n"));
                String page = get(at, "/metrics").body();
                assertThat(get(at, "/metrics").headers().firstValue("Content-Type")).hasValue(PrometheusText.CONTENT_TYPE);
                double batches = sample(page, "nerco_batch_size_count{topology=\"tagging\"}");
                assertThat(batches).as("30 events in batches of at most 8").isBetween(4.0, 30.0);
                assertThat(sample(page, "nerco_batch_size_bucket{topology=\"tagging\",le=\"8\"}")).isEqualTo(batches);
                assertThat(sample(page, "nerco_inference_seconds_count{topology=\"tagging\"}")).isEqualTo(batches);
                double seconds = sample(page, "nerco_inference_seconds_sum{topology=\"tagging\"}");
                assertThat(seconds).as("real ONNX inference takes time, but not minutes").isPositive().isLessThan(120.0);
                assertThat(sample(page, "nerco_batch_size_sum{topology=\"quality\"}")).isEqualTo(docs.size() + 1);
                assertThat(sample(page, "nerco_streams_state{state=\"RUNNING\"}")).isEqualTo(1);
                assertThat(page).containsPattern("(?m)^kafka_stream_thread_process_total\\{.*thread_id=\"[^\"]+\".*\\} \\d");
                assertThat(page).containsPattern("(?m)^kafka_consumer_fetch_manager_records_consumed_total\\{");
                String model = tagger.modelId().name() + ":" + tagger.modelId().version();
                assertThat(sample(page, "nerco_quality_f1{model=\"" + model + "\",type=\"overall\"}"))
                        .isEqualTo(report.getOverall().getF1());
                report.getByType().forEach(q -> {
                    assertThat(sample(page, "nerco_quality_precision{model=\"" + model + "\",type=\"" + q.getType() + "\"}"))
                            .isEqualTo(q.getPrecision());
                    assertThat(sample(page, "nerco_quality_recall{model=\"" + model + "\",type=\"" + q.getType() + "\"}"))
                            .isEqualTo(q.getRecall());
                });
                assertThat(sample(page, "nerco_quality_documents{model=\"" + model + "\"}")).isEqualTo(docs.size());
                assertThat(instance.streams().failure()).isNull();

                instance.streams().close();
                assertThat(get(at, "/ready").statusCode()).as("not ready once closed").isEqualTo(503);
                assertThat(get(at, "/ready").body()).isEqualTo("state=NOT_RUNNING\n");
            }
        }
    }

    private static QualityReport firstReport(EmbeddedKafkaBroker broker, QualityTopics topics) {
        Map<String, Object> config = Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed", ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID());
        List<QualityReport> reports = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(config, new StringDeserializer(), topics.reports().value().deserializer())) {
            consumer.subscribe(List.of(topics.reports().name()));
            await().atMost(Duration.ofSeconds(180)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> reports.add(r.value()));
                return !reports.isEmpty();
            });
        }
        return reports.getFirst();
    }
}
