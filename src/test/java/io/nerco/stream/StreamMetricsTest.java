package io.nerco.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.nerco.avro.EntityMention;
import io.nerco.avro.EntityRecord;
import io.nerco.avro.TextEvent;
import io.nerco.model.CascadeTagger;
import io.nerco.model.FixtureBundle;
import io.nerco.model.OnnxTagger;
import io.nerco.model.Taggers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The metrics the topologies record: batches from the processor, and dead letters counted by
 * reason in all three places that make them (the two handlers Kafka Streams creates by class
 * name, which find the metrics through the Streams config, and the processor itself).
 */
class StreamMetricsTest {
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    private final TaggingTopics topics = new TaggingTopics(
            new Topic<>("text-events", Serdes.String(), new AvroBinarySerde<>(TextEvent.class)),
            new Topic<>("entities", Serdes.String(), new AvroBinarySerde<>(EntityRecord.class)),
            new Topic<>("entity-mentions", Serdes.String(), new AvroBinarySerde<>(EntityMention.class)),
            "dead-letters");

    private static TextEvent event(String id, String text) {
        return TextEvent.newBuilder().setId(id).setSource("wire").setText(text).setEventTimestamp(T0).setAttributes(Map.of()).build();
    }

    @Test
    void batchesAndDeadLettersByReasonReachThePage() {
        StreamMetrics metrics = new StreamMetrics();
        TaggingTopology topology = new TaggingTopology(TaggingSettings.defaults().withBatching(2, Duration.ofHours(1)),
                new CapitalisedWordTagger(), topics, metrics);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "metrics-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.putAll(topology.streamsConfig());
        Map<String, Long> onTopic;
        try (TopologyTestDriver driver = new TopologyTestDriver(topology.build(), props, T0)) {
            var input = driver.createInputTopic("text-events", new StringSerializer(), topics.textEvents().value().serializer());
            var raw = driver.createInputTopic("text-events", new StringSerializer(), new ByteArraySerializer());
            for (int i = 0; i < 4; i++) {
                input.pipeInput("e" + i, event("e" + i, "Maria Lopez joined Acme Corp."));
            }
            input.pipeInput("blank", event("blank", "  "));
            raw.pipeInput("garbage", "hello".getBytes(StandardCharsets.UTF_8));
            input.pipeInput("p1", event("p1", "Bad " + CapitalisedWordTagger.POISON));
            input.pipeInput("p2", event("p2", "fine"));
            var deadLetters = driver.createOutputTopic("dead-letters", new ByteArrayDeserializer(), new ByteArrayDeserializer());
            onTopic = deadLetters.readRecordsToList().stream()
                    .collect(Collectors.groupingBy(r -> DeadLetters.header(r.headers(), DeadLetters.REASON_HEADER), Collectors.counting()));
        }

        assertThat(onTopic).as("one from each handler and one from the processor").hasSize(3)
                .containsEntry("MISSING_TEXT", 1L).containsEntry("TAGGING_FAILED", 1L);
        for (DeadLetterReason reason : DeadLetterReason.values()) {
            assertThat(metrics.deadLetters(reason)).as(reason.name()).isEqualTo(onTopic.getOrDefault(reason.name(), 0L));
        }
        String page = OpsHttpServer.page(new FixedStatus(), metrics);
        assertThat(page)
                .contains("nerco_batch_size_count{topology=\"tagging\"} 3\n")
                .contains("nerco_batch_size_sum{topology=\"tagging\"} 6\n")
                .contains("nerco_batch_size_bucket{topology=\"tagging\",le=\"1\"} 0\n")
                .contains("nerco_batch_size_bucket{topology=\"tagging\",le=\"2\"} 3\n")
                .contains("nerco_inference_seconds_count{topology=\"tagging\"} 3\n")
                .contains("nerco_dead_letters_total{reason=\"MISSING_TEXT\"} 1\n")
                .contains("nerco_dead_letters_total{reason=\"TEXT_TOO_LONG\"} 0\n")
                .contains("nerco_streams_state{state=\"RUNNING\"} 1\n")
                .contains("nerco_streams_state{state=\"ERROR\"} 0\n");
    }

    @Test
    void qualityAlertsAreCountedPerModel() {
        StreamMetrics metrics = new StreamMetrics();
        for (String model : java.util.List.of("english", "chinese", "chinese")) {
            metrics.countAlert(io.nerco.avro.QualityAlert.newBuilder()
                    .setWindowStart(T0).setWindowEnd(T0.plusSeconds(60)).setModelName(model).setModelVersion("1")
                    .setType("PER").setF1(0.1).setReason(io.nerco.avro.QualityAlertReason.BELOW_FLOOR).setFloor(0.5)
                    .setMessage("PER below the floor").build());
        }
        String page = OpsHttpServer.page(new FixedStatus(), metrics);
        assertThat(page)
                .contains("nerco_quality_alerts_total{model=\"chinese:1\",type=\"PER\",reason=\"BELOW_FLOOR\"} 2\n")
                .contains("nerco_quality_alerts_total{model=\"english:1\",type=\"PER\",reason=\"BELOW_FLOOR\"} 1\n");
    }

    @Test
    void aCascadeInTheTopologyReportsItsSentencesAndTheDeferredOnes(@TempDir Path dir) throws Exception {
        StreamMetrics metrics = new StreamMetrics();
        try (OnnxTagger fast = Taggers.open(FixtureBundle.write(dir.resolve("fast"), 7, "en", "student"));
                OnnxTagger accurate = Taggers.open(FixtureBundle.write(dir.resolve("accurate"), 8, "en", "teacher"))) {
            CascadeTagger cascade = new CascadeTagger(fast, accurate, 1);
            new TaggingTopology(TaggingSettings.defaults(), cascade, topics, metrics);
            cascade.tagAll(java.util.List.of("Peter met Maria in Lisbon. They spoke of Acme Corp.", "Kofi Annan left."));

            String page = OpsHttpServer.page(new FixedStatus(), metrics);
            String model = "{model=\"student:" + fast.modelId().version() + "\"} ";
            assertThat(page).contains("nerco_cascade_sentences_total" + model + cascade.sentences() + "\n")
                    .contains("nerco_cascade_deferred_sentences_total" + model + cascade.deferred() + "\n");
            assertThat(cascade.sentences()).isGreaterThanOrEqualTo(3);
        }
    }

    private static final class FixedStatus implements StreamsStatus {
        @Override
        public KafkaStreams.State state() {
            return KafkaStreams.State.RUNNING;
        }

        @Override
        public Map<org.apache.kafka.common.MetricName, ? extends org.apache.kafka.common.Metric> metrics() {
            return Map.of();
        }
    }
}
