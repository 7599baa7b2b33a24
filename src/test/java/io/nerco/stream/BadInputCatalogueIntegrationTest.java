package io.nerco.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.nerco.avro.EntityRecord;
import io.nerco.avro.TextEvent;
import io.nerco.model.FixtureBundle;
import io.nerco.model.OnnxTagger;
import io.nerco.model.TaggerOptions;
import io.nerco.model.Taggers;
import io.nerco.registry.SchemaRegistryClient;
import io.nerco.registry.WireFormat;
import io.nerco.testing.ApicurioRegistry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A catalogue of bad and strange input, all written to one running tagging topology (real
 * broker, real registry, real ONNX tagger) in one go, with a good event after each: every
 * case either goes to the dead-letter topic once, with its raw bytes and the expected reason,
 * or is tagged into exactly one record whose entities slice back to the text and never split
 * a surrogate pair; every good event is tagged; the stream never stops.
 */
@Tag("integration")
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class BadInputCatalogueIntegrationTest {
    private static final int STREAM_LIMIT = 12_000;
    private static final int TAGGER_LIMIT = 10_000;
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final String GOOD = "Angela Merkel met Emmanuel Macron in Paris.";

    @RegisterExtension
    static final ApicurioRegistry REGISTRY = new ApicurioRegistry();
    private static EmbeddedKafkaBroker broker;
    private static SchemaRegistryClient registry;
    private static OnnxTagger tagger;
    private static TaggingStreams streams;
    private static TaggingTopics topics;
    private static final Map<String, byte[]> sent = new HashMap<>();
    private static final Map<String, List<ConsumerRecord<String, EntityRecord>>> tagged = new HashMap<>();
    private static final Map<String, List<ConsumerRecord<String, byte[]>>> dead = new HashMap<>();

    /** What should become of a case: a dead letter with this reason, or (reason null) one entity record. */
    record Case(String name, DeadLetterReason reason, Function<Encoding, byte[]> value) {
        @Override
        public String toString() {
            return name + (reason == null ? " -> tagged" : " -> " + reason);
        }
    }

    /** Ways to make the bytes of a case. */
    record Encoding(SchemaRegistryClient registry, String topic) {
        byte[] event(String id, String text) {
            TextEvent event = TextEvent.newBuilder().setId(id).setSource("catalogue").setText(text).setEventTimestamp(T0)
                    .setAttributes(Map.of()).build();
            return topics.textEvents().value().serializer().serialize(topic, event);
        }

        /** A valid event with {@code marker} as text, then those UTF-8 bytes swapped for {@code rawUtf8}. */
        byte[] eventWithRawText(String id, byte[] rawUtf8) {
            String marker = "MARKER-TEXT";
            byte[] valid = event(id, marker);
            byte[] markerBytes = marker.getBytes(StandardCharsets.UTF_8);
            int at = indexOf(valid, markerBytes);
            ByteBuffer out = ByteBuffer.allocate(valid.length - markerBytes.length - 1 + 2 + rawUtf8.length);
            out.put(valid, 0, at - 1).put(zigZagLength(rawUtf8.length)).put(rawUtf8)
                    .put(valid, at + markerBytes.length, valid.length - at - markerBytes.length);
            return Arrays.copyOf(out.array(), out.position());
        }

        int registerUnder(String subject, Schema schema) {
            return registry.register(subject, schema);
        }
    }

    static Stream<Case> cases() {
        return Stream.of(
                dead("not Avro (plain text)", DeadLetterReason.UNKNOWN_MAGIC_BYTE, e -> "hello world".getBytes(StandardCharsets.UTF_8)),
                dead("JSON instead of Avro", DeadLetterReason.UNKNOWN_MAGIC_BYTE,
                        e -> "{\"id\":\"x\",\"text\":\"Angela Merkel\"}".getBytes(StandardCharsets.UTF_8)),
                dead("wrong magic byte", DeadLetterReason.UNKNOWN_MAGIC_BYTE, e -> {
                    byte[] bytes = e.event("m", GOOD);
                    bytes[0] = 1;
                    return bytes;
                }),
                dead("empty payload", DeadLetterReason.PAYLOAD_TOO_SHORT, e -> new byte[0]),
                dead("shorter than the header", DeadLetterReason.PAYLOAD_TOO_SHORT, e -> new byte[] {0, 0, 0}),
                dead("unknown schema id", DeadLetterReason.UNKNOWN_SCHEMA_ID,
                        e -> WireFormat.encode(Integer.MAX_VALUE - 7, Arrays.copyOfRange(e.event("u", GOOD), 5, 40))),
                dead("truncated payload", DeadLetterReason.TRUNCATED_PAYLOAD, e -> {
                    byte[] bytes = e.event("t", GOOD);
                    return Arrays.copyOf(bytes, bytes.length / 2);
                }),
                dead("header without a body", DeadLetterReason.TRUNCATED_PAYLOAD, e -> Arrays.copyOf(e.event("h", GOOD), 5)),
                dead("trailing garbage", DeadLetterReason.MALFORMED_AVRO, e -> {
                    byte[] bytes = e.event("g", GOOD);
                    byte[] longer = Arrays.copyOf(bytes, bytes.length + 3);
                    longer[bytes.length] = 7;
                    return longer;
                }),
                dead("negative string length", DeadLetterReason.MALFORMED_AVRO, e -> {
                    byte[] bytes = e.event("n", GOOD);
                    bytes[5] = 0x05; // zig-zag -3 as the length of the id string
                    return bytes;
                }),
                dead("schema of another record", DeadLetterReason.INCOMPATIBLE_SCHEMA, e -> WireFormat.encode(
                        e.registerUnder("catalogue-other-value", Schema.create(Schema.Type.LONG)), new byte[] {0x2a})),
                dead("null value (tombstone)", DeadLetterReason.NULL_VALUE, e -> null),
                dead("empty text", DeadLetterReason.MISSING_TEXT, e -> e.event("empty", "")),
                dead("only whitespace (ASCII, ideographic, line separator)", DeadLetterReason.MISSING_TEXT,
                        e -> e.event("blank", " \t\r\n\u3000\u2028 ")),
                dead("10 MB text", DeadLetterReason.TEXT_TOO_LONG, e -> e.event("huge", "Big Text ".repeat(10 * 1024 * 1024 / 9))),
                dead("one char over the stream's limit", DeadLetterReason.TEXT_TOO_LONG, e -> e.event("over", "x".repeat(STREAM_LIMIT + 1))),
                dead("over the model's limit, under the stream's", DeadLetterReason.TAGGING_FAILED,
                        e -> e.event("model-limit", sentences(TAGGER_LIMIT + 500))),
                tagged("invalid UTF-8: an encoded lone surrogate", e -> e.eventWithRawText("x",
                        concat("Angela Merkel ".getBytes(StandardCharsets.UTF_8), new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
                                " met Macron in Paris.".getBytes(StandardCharsets.UTF_8)))),
                tagged("invalid UTF-8: stray continuation and 0xFF bytes", e -> e.eventWithRawText("x",
                        concat("Paris ".getBytes(StandardCharsets.UTF_8), new byte[] {(byte) 0x80, (byte) 0xFF, (byte) 0xC0},
                                " London".getBytes(StandardCharsets.UTF_8)))),
                tagged("lone UTF-16 surrogates in the producer's string", e -> e.event("x", "Angela \uD800 Merkel met \uDC00Macron.")),
                tagged("control characters and ANSI escapes", e -> e.event("x",
                        "Angela\u0000 Merkel\u0007 met \u001b[31mEmmanuel Macron\u001b[0m in\r\nParis\f\u007f.")),
                tagged("right-to-left text with bidi controls", e -> e.event("x",
                        "\u202Eقال الرئيس عبد الله\u202C في الرياض \u200Fאמר נתניהו בירושלים \u2067Angela Merkel\u2069.")),
                tagged("combining marks and stacked diacritics", e -> e.event("x",
                        "Zoe\u0308 Salda\u00f1a visited Ko\u0308ln; Z\u0335\u0321\u0322a\u0337\u0334l\u0336g\u0338\u0360o\u0334\u035c said so.")),
                tagged("emoji sequences (ZWJ, flags, skin tones, keycaps)", e -> e.event("x",
                        "👨‍👩‍👧‍👦 Emmanuel Macron 🇫🇷 met 👍🏽 Angela Merkel 🇩🇪 in Paris 1️⃣ 🏳️‍🌈.")),
                tagged("mixed scripts", e -> e.event("x", "Владимир Путин met 习近平 and नरेन्द्र मोदी in Tokyo (東京) with Ελλάδα.")),
                tagged("characters outside the BMP that are not emoji", e -> e.event("x", "𠜎𠜱 Tokyo 𝔸𝕟𝕘𝕖𝕝𝕒 𐍈 Apple Inc.")),
                tagged("zero-width characters and a byte-order mark", e -> e.event("x",
                        "\uFEFFAngela\u200B Merkel\u200C met\u200D Emmanuel\u2060 Macron.")),
                tagged("no-break spaces only", e -> e.event("x", "\u00a0\u00a0\u202f")),
                tagged("punctuation only", e -> e.event("x", "!!! ??? ... --- ,,, ;;; «» “”")),
                tagged("a huge number of entities", e -> e.event("x",
                        "Anna Berg met Carl Dahl in Oslo. ".repeat(TAGGER_LIMIT / 33))),
                tagged("one word longer than the encoder window", e -> e.event("x", "Supercalifragilistic".repeat(400))),
                tagged("exactly at the model's limit", e -> e.event("x", sentences(TAGGER_LIMIT))));
    }

    private static Case dead(String name, DeadLetterReason reason, Function<Encoding, byte[]> value) {
        return new Case(name, reason, value);
    }

    private static Case tagged(String name, Function<Encoding, byte[]> value) {
        return new Case(name, null, value);
    }

    @BeforeAll
    static void writeTheCatalogueToARunningTopology() throws Exception {
        registry = new SchemaRegistryClient(REGISTRY.settings());
        broker = EmbeddedKafkaBroker.start(Map.of("message.max.bytes", String.valueOf(16 * 1024 * 1024)), Duration.ofSeconds(60));
        topics = IntegrationTopics.named("catalogue-" + UUID.randomUUID().toString().substring(0, 8), registry);
        broker.createTopics(2, Map.of("max.message.bytes", String.valueOf(16 * 1024 * 1024)), topics.textEvents().name(),
                topics.entities().name(), topics.mentions().name(), topics.deadLetters());
        Path defaultBundle = Path.of("models", "default");
        Path bundle = Files.exists(defaultBundle.resolve("model.json")) ? defaultBundle
                : FixtureBundle.write(Files.createTempDirectory("bundle").resolve("bundle"), 7);
        tagger = Taggers.open(bundle, TaggerOptions.defaults().withMaxBatchSize(8).withMaxTextLength(TAGGER_LIMIT));
        TaggingSettings settings = TaggingSettings.defaults().withBatching(8, Duration.ofMillis(100)).withMaxTextChars(STREAM_LIMIT);
        var config = TaggingTopologyIntegrationTest.streamsConfig(broker.bootstrapServers(), "app-" + UUID.randomUUID(),
                Files.createTempDirectory("state"));
        config.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG), 16 * 1024 * 1024);
        streams = TaggingStreams.start(new TaggingTopology(settings, tagger, topics), config, Duration.ofSeconds(60));

        Encoding encoding = new Encoding(registry, topics.textEvents().name());
        List<Case> all = cases().toList();
        try (var producer = new CheckedProducer<>(broker.bootstrapServers(),
                Map.of(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 16 * 1024 * 1024), new ByteArraySerializer())) {
            for (int i = 0; i < all.size(); i++) {
                byte[] value = all.get(i).value().apply(encoding);
                sent.put(key(all.get(i)), value);
                producer.send(new ProducerRecord<>(encoding.topic(), key(all.get(i)), value));
                producer.send(new ProducerRecord<>(encoding.topic(), "good-" + i, encoding.event("good-" + i, GOOD)));
            }
        }
        long deadCount = all.stream().filter(c -> c.reason() != null).count();
        CommittedRecords.read(broker.bootstrapServers(), Map.of(), topics.entities().name(), new StringDeserializer(),
                topics.entities().value().deserializer(), (int) (2 * all.size() - deadCount), Duration.ofSeconds(240))
                .forEach(r -> tagged.computeIfAbsent(r.key(), k -> new java.util.ArrayList<>()).add(r));
        CommittedRecords.read(broker.bootstrapServers(), Map.of(), topics.deadLetters(), new StringDeserializer(),
                new ByteArrayDeserializer(), (int) deadCount, Duration.ofSeconds(60))
                .forEach(r -> dead.computeIfAbsent(r.key(), k -> new java.util.ArrayList<>()).add(r));
    }

    @AfterAll
    static void stopEverything() {
        if (streams != null) {
            streams.close();
        }
        if (tagger != null) {
            tagger.close();
        }
        if (broker != null) {
            broker.close();
        }
        if (registry != null) {
            registry.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void eachCaseIsDeadLetteredWithItsReasonOrTaggedCorrectlyAndTheStreamGoesOn(Case c) {
        String key = key(c);
        if (c.reason() != null) {
            assertThat(tagged).doesNotContainKey(key);
            assertThat(dead.get(key)).as("dead letters for %s", key).hasSize(1);
            var letter = dead.get(key).getFirst();
            assertThat(DeadLetters.header(letter.headers(), DeadLetters.REASON_HEADER)).isEqualTo(c.reason().name());
            assertThat(DeadLetters.header(letter.headers(), DeadLetters.TOPIC_HEADER)).isEqualTo(topics.textEvents().name());
            if (c.reason() != DeadLetterReason.TAGGING_FAILED) {
                assertThat(letter.value()).as("the raw input bytes").isEqualTo(sent.get(key));
            }
        } else {
            assertThat(dead).doesNotContainKey(key);
            assertThat(tagged.get(key)).as("entity records for %s", key).hasSize(1);
            String text = topics.textEvents().value().deserializer().deserialize(topics.textEvents().name(), sent.get(key)).getText();
            assertThat(tagged.get(key).getFirst().value().getEntities()).allSatisfy(e -> {
                assertThat(text.substring(e.getStart(), e.getEnd())).isEqualTo(e.getText());
                assertThat(splitsSurrogatePair(text, e.getStart()) || splitsSurrogatePair(text, e.getEnd())).isFalse();
            });
        }
        int index = cases().map(BadInputCatalogueIntegrationTest::key).toList().indexOf(key);
        assertThat(tagged.get("good-" + index)).as("the good event after it").hasSize(1);
        assertThat(streams.failure()).isNull();
    }

    private static String key(Case c) {
        return c.name().replaceAll("[^A-Za-z0-9]+", "-");
    }

    private static boolean splitsSurrogatePair(String text, int index) {
        return index > 0 && index < text.length() && Character.isHighSurrogate(text.charAt(index - 1))
                && Character.isLowSurrogate(text.charAt(index));
    }

    /** Plain news sentences, cut to exactly {@code chars} characters. */
    private static String sentences(int chars) {
        String sentence = "Reuters reported that Acme Corp opened an office in Lisbon on Monday. ";
        return sentence.repeat(chars / sentence.length() + 1).substring(0, chars);
    }

    private static byte[] concat(byte[]... parts) {
        ByteBuffer out = ByteBuffer.allocate(Arrays.stream(parts).mapToInt(p -> p.length).sum());
        Arrays.stream(parts).forEach(out::put);
        return out.array();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new IllegalArgumentException("marker not found");
    }

    /** Avro's zig-zag varint of a length below 8192 (at most two bytes). */
    private static byte[] zigZagLength(int length) {
        int z = length << 1;
        return z < 0x80 ? new byte[] {(byte) z} : new byte[] {(byte) ((z & 0x7f) | 0x80), (byte) (z >>> 7)};
    }
}
