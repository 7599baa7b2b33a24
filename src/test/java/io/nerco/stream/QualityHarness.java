package io.nerco.stream;

import io.nerco.avro.LabeledEvent;
import io.nerco.avro.QualityAlert;
import io.nerco.avro.QualityReport;
import io.nerco.eval.EvalCounts;
import io.nerco.eval.LabeledDocument;
import io.nerco.eval.Span;
import io.nerco.model.Tagger;
import io.nerco.text.SegmentedText;
import io.nerco.text.Sentence;
import io.nerco.text.Token;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;

/** A {@link QualityTopology} in a {@link TopologyTestDriver}, with helpers to build labeled events. Close it. */
final class QualityHarness implements AutoCloseable {
    static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    final QualityTopics topics = new QualityTopics(
            new Topic<>("labeled-events", Serdes.String(), new AvroBinarySerde<>(LabeledEvent.class)),
            new Topic<>("quality", Serdes.String(), new AvroBinarySerde<>(QualityReport.class)),
            new Topic<>("quality-alerts", Serdes.String(), new AvroBinarySerde<>(QualityAlert.class)),
            "dead-letters");
    final TopologyTestDriver driver;
    final TestInputTopic<String, LabeledEvent> input;
    final TestOutputTopic<String, QualityReport> reports;
    final TestOutputTopic<String, QualityAlert> alerts;
    final TestOutputTopic<byte[], byte[]> deadLetters;

    QualityHarness(QualitySettings settings, Tagger tagger) {
        QualityTopology topology = new QualityTopology(settings, tagger, topics);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "quality-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.putAll(topology.streamsConfig());
        driver = new TopologyTestDriver(topology.build(), props, T0);
        input = driver.createInputTopic("labeled-events", new StringSerializer(), topics.labeledEvents().value().serializer());
        reports = driver.createOutputTopic("quality", new StringDeserializer(), topics.reports().value().deserializer());
        alerts = driver.createOutputTopic("quality-alerts", new StringDeserializer(), topics.alerts().value().deserializer());
        deadLetters = driver.createOutputTopic("dead-letters", new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** Pipes the event with its event time as record timestamp. */
    void pipe(LabeledEvent event) {
        input.pipeInput(new TestRecord<>(event.getId(), event, event.getEventTimestamp()));
    }

    /** Lets the wall-clock punctuator flush the buffer and close windows. */
    void settle(Duration maxLatency) {
        driver.advanceWallClockTime(maxLatency.multipliedBy(2));
    }

    List<QualityReport> reports() {
        return reports.readValuesToList();
    }

    @Override
    public void close() {
        driver.close();
    }

    /** A labeled event from a document, with its gold tokens when {@code withTokens}. */
    static LabeledEvent event(LabeledDocument doc, Instant at, boolean withTokens) {
        return LabeledEvents.of(doc, "test", at, withTokens);
    }

    private static final Pattern WORD = Pattern.compile("\\S+");
    private static final Pattern MARKED = Pattern.compile("\\[([^\\]|]+)\\|([A-Z]+)\\]");

    /**
     * A document from marked-up text: {@code "[Ada Lovelace|PER] met [Acme Corp.|ORG] ."};
     * words split on spaces, sentences on newlines.
     */
    static LabeledDocument doc(String id, String marked) {
        StringBuilder text = new StringBuilder();
        List<Span> gold = new ArrayList<>();
        Matcher m = MARKED.matcher(marked);
        int last = 0;
        while (m.find()) {
            text.append(marked, last, m.start());
            int start = text.length();
            text.append(m.group(1));
            gold.add(new Span(m.group(2), start, text.length()));
            last = m.end();
        }
        text.append(marked.substring(last));
        String plain = text.toString();
        List<Sentence> sentences = new ArrayList<>();
        int lineStart = 0;
        for (String line : plain.split("\n", -1)) {
            List<Token> tokens = new ArrayList<>();
            Matcher w = WORD.matcher(line);
            while (w.find()) {
                tokens.add(new Token(w.group(), lineStart + w.start(), lineStart + w.end()));
            }
            if (!tokens.isEmpty()) {
                sentences.add(new Sentence(tokens.getFirst().start(), tokens.getLast().end(), tokens));
            }
            lineStart += line.length() + 1;
        }
        return new LabeledDocument(id, new SegmentedText(plain, sentences), gold);
    }

    /** The counts a report carries. */
    static EvalCounts counts(QualityReport report) {
        return QualityReports.counts(report);
    }
}
