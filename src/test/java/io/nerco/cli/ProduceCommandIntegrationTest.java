package io.nerco.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.nerco.avro.LabeledEvent;
import io.nerco.eval.ConllReader;
import io.nerco.eval.ConllToLabeled;
import io.nerco.eval.LabeledDocument;
import io.nerco.registry.AvroSerde;
import io.nerco.registry.AvroSerdeSettings;
import io.nerco.registry.SchemaRegistryClient;
import io.nerco.stream.CommittedRecords;
import io.nerco.stream.EmbeddedKafkaBroker;
import io.nerco.stream.LabeledEvents;
import io.nerco.testing.ApicurioRegistry;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code nerco produce --labeled} against a real broker and registry, on the labeled sample
 * that {@code docker/compose.yml} feeds: every document arrives once, keyed by its id, through
 * the registry serde, with exactly the text, gold spans and gold tokens that
 * {@code ConllToLabeled} (the reader behind {@code nerco eval}) makes of the file.
 */
@Tag("integration")
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class ProduceCommandIntegrationTest {
    static final Path SAMPLE = Path.of("docker", "samples", "labeled.conll");

    @RegisterExtension
    static final ApicurioRegistry REGISTRY = new ApicurioRegistry();

    @Test
    void conllDocumentsArriveAsLabeledEventsWithExactOffsets() throws Exception {
        Instant at = Instant.parse("2026-12-01T10:00:00Z");
        String topic = "labeled-" + UUID.randomUUID();
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(Map.of(), Duration.ofSeconds(60));
                SchemaRegistryClient registry = new SchemaRegistryClient(REGISTRY.settings());
                var serde = AvroSerde.specific(LabeledEvent.class, registry, AvroSerdeSettings.defaults())) {
            broker.createTopics(1, topic);
            StringWriter out = new StringWriter();
            int exit = new CommandLine(new ProduceCommand()).setOut(new PrintWriter(out)).execute(
                    "--bootstrap-servers", broker.bootstrapServers(), "--registry-url", REGISTRY.confluentApiUrl().toString(),
                    "--labeled", "--topic", topic, "--source", "sample", "--event-time", at.toString(), SAMPLE.toString());
            assertThat(exit).isZero();

            List<LabeledDocument> docs = new ConllToLabeled(10).convert(ConllReader.detecting().read(SAMPLE));
            assertThat(docs).hasSize(2);
            assertThat(out.toString()).contains("2 labeled events written to " + topic);
            List<ConsumerRecord<String, LabeledEvent>> records = new ArrayList<>();
            try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    broker.bootstrapServers(), ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID(),
                    ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), serde.deserializer())) {
                consumer.subscribe(List.of(topic));
                await().atMost(Duration.ofSeconds(60)).until(() -> {
                    consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                    return records.size() >= docs.size();
                });
            }
            assertThat(records).extracting(ConsumerRecord::key).containsExactly("labeled.conll#0", "labeled.conll#1");
            for (int i = 0; i < docs.size(); i++) {
                LabeledEvent event = records.get(i).value();
                assertThat(event).isEqualTo(LabeledEvents.of(docs.get(i), "sample", at, true));
                assertThat(event.getGold()).extracting(g -> event.getText().substring(g.getStart(), g.getEnd()) + "/" + g.getType())
                        .startsWith(i == 0 ? new String[] {"Maria Lopez/PER", "Acme Corp/ORG", "Lisbon/LOC", "Bank of England/ORG"}
                                : new String[] {"Kofi Annan/PER", "Geneva/LOC", "German/MISC", "Globex/ORG"});
            }
            assertThat(records.get(1).value().getSentences()).hasSize(3);
        }
    }

    @Test
    void aRecordTheBrokerRefusesFailsTheCommandNamingHowManyAndWhyWhileTheOthersAreWritten(@TempDir Path dir) throws Exception {
        String topic = "text-" + UUID.randomUUID();
        Path lines = Files.writeString(dir.resolve("feed.txt"), "Maria Lopez joined Acme Corp.\n"
                + "Kofi Annan spoke in Geneva.\n" + "Lisbon ".repeat(400) + "\n" + "Globex hired Peter Weir.\n");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(Map.of(), Duration.ofSeconds(60))) {
            broker.createTopics(1, Map.of("max.message.bytes", "1024"), topic);
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int exit = new CommandLine(new ProduceCommand()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                    .execute("--bootstrap-servers", broker.bootstrapServers(), "--registry-url",
                            REGISTRY.confluentApiUrl().toString(), "--topic", topic, lines.toString());

            assertThat(exit).isEqualTo(1);
            assertThat(out.toString()).doesNotContain("written");
            assertThat(err.toString()).contains("produce to " + topic + " failed: 1 of 4 records were not written")
                    .contains("RecordTooLargeException");
            assertThat(CommittedRecords.stableCount(broker.bootstrapServers(), Map.of(), topic)).isEqualTo(3);
        }
    }
}
