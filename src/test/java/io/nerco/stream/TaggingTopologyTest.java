package io.nerco.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.nerco.avro.EntityMention;
import io.nerco.avro.EntityRecord;
import io.nerco.avro.TextEvent;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TaggingTopologyTest {
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    private final TaggingTopics topics = new TaggingTopics(
            new Topic<>("text-events", Serdes.String(), new AvroBinarySerde<>(TextEvent.class)),
            new Topic<>("entities", Serdes.String(), new AvroBinarySerde<>(EntityRecord.class)),
            new Topic<>("entity-mentions", Serdes.String(), new AvroBinarySerde<>(EntityMention.class)),
            "dead-letters");
    private final CapitalisedWordTagger tagger = new CapitalisedWordTagger();
    private TopologyTestDriver driver;
    private TestInputTopic<String, TextEvent> input;
    private TestInputTopic<String, byte[]> rawInput;
    private TestOutputTopic<String, EntityRecord> entities;
    private TestOutputTopic<String, EntityMention> mentions;
    private TestOutputTopic<byte[], byte[]> deadLetters;

    private void start(TaggingSettings settings) {
        TaggingTopology topology = new TaggingTopology(settings, tagger, topics);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "tagging-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.putAll(topology.streamsConfig());
        driver = new TopologyTestDriver(topology.build(), props, T0);
        input = driver.createInputTopic("text-events", new StringSerializer(), topics.textEvents().value().serializer());
        rawInput = driver.createInputTopic("text-events", new StringSerializer(), new ByteArraySerializer());
        entities = driver.createOutputTopic("entities", new StringDeserializer(), topics.entities().value().deserializer());
        mentions = driver.createOutputTopic("entity-mentions", new StringDeserializer(), topics.mentions().value().deserializer());
        deadLetters = driver.createOutputTopic("dead-letters", new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    @AfterEach
    void close() {
        if (driver != null) {
            driver.close();
        }
    }

    private static TextEvent event(String id, String text) {
        return TextEvent.newBuilder().setId(id).setSource("wire").setText(text)
                .setEventTimestamp(T0).setAttributes(Map.of()).build();
    }

    @Test
    void flushesWhenTheBufferReachesTheBatchSize() {
        start(TaggingSettings.defaults().withBatching(3, Duration.ofHours(1)));
        input.pipeInput("a", event("a", "Maria Lopez joined Acme Corp."), T0.plusMillis(1));
        input.pipeInput("b", event("b", "nothing here"), T0.plusMillis(2));
        assertThat(entities.isEmpty()).as("two of three buffered").isTrue();

        input.pipeInput("c", event("c", "She moved to Lisbon."), T0.plusMillis(3));

        List<TestRecord<String, EntityRecord>> out = entities.readRecordsToList();
        assertThat(out).extracting(TestRecord::key).containsExactly("a", "b", "c");
        assertThat(out).extracting(r -> r.timestamp()).containsExactly(
                T0.plusMillis(1).toEpochMilli(), T0.plusMillis(2).toEpochMilli(), T0.plusMillis(3).toEpochMilli());
        assertThat(out.getFirst().value().getEntities()).extracting(e -> e.getText() + "/" + e.getType())
                .containsExactly("Maria Lopez/PER", "Acme Corp./ORG");
        assertThat(out.get(1).value().getEntities()).isEmpty();
        assertThat(out).allSatisfy(r -> assertThat(r.value().getTimings().getBatchSize()).isEqualTo(3));
        assertThat(out.getFirst().value().getModelName()).isEqualTo("capitalised-words");
        assertThat(tagger.batchSizes()).containsExactly(3);
    }

    @Test
    void wallClockPunctuatorFlushesAPartialBatchOnceTheOldestPassesTheLatencyBound() {
        start(TaggingSettings.defaults().withBatching(100, Duration.ofMillis(400)));
        input.pipeInput("a", event("a", "Kofi Annan spoke."));
        driver.advanceWallClockTime(Duration.ofMillis(200));
        input.pipeInput("b", event("b", "Rain in Oslo."));
        driver.advanceWallClockTime(Duration.ofMillis(100));
        assertThat(entities.isEmpty()).as("oldest waited 300 of 400 ms").isTrue();

        driver.advanceWallClockTime(Duration.ofMillis(100));

        List<TestRecord<String, EntityRecord>> out = entities.readRecordsToList();
        assertThat(out).extracting(TestRecord::key).containsExactly("a", "b");
        assertThat(out.getFirst().value().getTimings().getQueuedMs()).isGreaterThanOrEqualTo(400);
        assertThat(out.get(1).value().getTimings().getQueuedMs()).isGreaterThanOrEqualTo(200);
        assertThat(tagger.batchSizes()).containsExactly(2);
    }

    @Test
    void everyInputHasExactlyOneOutputWithItsKeyAndHeaders() {
        start(TaggingSettings.defaults().withBatching(4, Duration.ofMillis(100)));
        var headers = new RecordHeaders().add("trace", "t-1".getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < 10; i++) {
            input.pipeInput(new TestRecord<>("k" + i, event("k" + i, "Item " + i + " from Reuters"), headers, T0));
        }
        driver.advanceWallClockTime(Duration.ofMillis(100));

        List<TestRecord<String, EntityRecord>> out = entities.readRecordsToList();
        assertThat(out).extracting(TestRecord::key).containsExactly("k0", "k1", "k2", "k3", "k4", "k5", "k6", "k7", "k8", "k9");
        assertThat(out).allSatisfy(r -> assertThat(new String(r.headers().lastHeader("trace").value(), StandardCharsets.UTF_8))
                .isEqualTo("t-1"));
        assertThat(tagger.batchSizes()).containsExactly(4, 4, 2);
    }

    @Test
    void writesOneMentionPerEntityKeyedByTypeAndNormalisedText() {
        start(TaggingSettings.defaults().withBatching(1, Duration.ofHours(1)));
        input.pipeInput("a", event("a", "Shares of Acme  Corp. rose after the merger with Globex Inc in Springfield."));

        List<TestRecord<String, EntityMention>> out = mentions.readRecordsToList();
        assertThat(out).extracting(TestRecord::key)
                .containsExactly("PER|shares", "ORG|acme corp.", "ORG|globex inc", "LOC|springfield.");
        EntityMention acme = out.get(1).value();
        assertThat(acme.getText()).isEqualTo("Acme  Corp.");
        assertThat(acme.getEventId()).isEqualTo("a");
        assertThat(acme.getEventTimestamp()).isEqualTo(T0);
        assertThat(acme.getContext()).contains("Acme Corp.").startsWith("Shares");
    }

    @Test
    void badInputGoesToTheDeadLetterTopicWithReasonAndSourceWhileGoodRecordsFlow() {
        start(TaggingSettings.defaults().withBatching(2, Duration.ofSeconds(1)).withMaxTextChars(50));
        input.pipeInput("good-1", event("good-1", "Ada Lovelace wrote."));
        rawInput.pipeInput("garbage", "hello".getBytes(StandardCharsets.UTF_8));
        input.pipeInput("tombstone", (TextEvent) null);
        input.pipeInput("blank", event("blank", "   "));
        input.pipeInput("long", event("long", "x".repeat(51)));
        input.pipeInput("poison", event("poison", "Bad " + CapitalisedWordTagger.POISON));
        input.pipeInput("good-2", event("good-2", "Alan Turing too."));
        driver.advanceWallClockTime(Duration.ofSeconds(1));

        assertThat(entities.readRecordsToList()).extracting(TestRecord::key).containsExactly("good-1", "good-2");
        List<TestRecord<byte[], byte[]>> dead = deadLetters.readRecordsToList();
        assertThat(dead).extracting(r -> new String(r.key(), StandardCharsets.UTF_8) + "=" + header(r, DeadLetters.REASON_HEADER))
                .containsExactly("garbage=UNDECODABLE", "tombstone=NULL_VALUE", "blank=MISSING_TEXT",
                        "long=TEXT_TOO_LONG", "poison=TAGGING_FAILED");
        assertThat(dead).extracting(r -> header(r, DeadLetters.TOPIC_HEADER) + "-" + header(r, DeadLetters.PARTITION_HEADER)
                + "@" + header(r, DeadLetters.OFFSET_HEADER))
                .containsExactly("text-events-0@1", "text-events-0@2", "text-events-0@3", "text-events-0@4", "text-events-0@5");
        assertThat(dead.getFirst().value()).isEqualTo("hello".getBytes(StandardCharsets.UTF_8));
        assertThat(topics.textEvents().value().deserializer().deserialize("dead-letters", dead.get(4).value()).getId())
                .isEqualTo("poison");
        assertThat(header(dead.get(3), DeadLetters.MESSAGE_HEADER)).contains("51 chars");
        assertThat(header(dead.get(4), DeadLetters.EXCEPTION_HEADER)).isEqualTo(IllegalStateException.class.getName());
        assertThat(tagger.batchSizes()).as("poison batch retried one by one").containsExactly(2, 1, 1, 1);
    }

    private static String header(TestRecord<byte[], byte[]> record, String name) {
        return DeadLetters.header(record.headers(), name);
    }
}
