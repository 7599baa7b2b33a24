package io.nerco.stream;

import io.nerco.avro.LabeledEvent;
import io.nerco.avro.QualityAlert;
import io.nerco.avro.QualityReport;
import io.nerco.registry.AvroSerde;
import io.nerco.registry.AvroSerdeSettings;
import io.nerco.registry.SchemaRegistryClient;
import java.util.Objects;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The topics of the {@link QualityTopology}. The dead-letter topic carries rejected input as
 * read (or, for a tagging failure, re-serialised with the input serde), with the reason in
 * headers, see {@link DeadLetters}.
 *
 * @param labeledEvents input, keyed by event id
 * @param reports       one {@code QualityReport} per closed window, keyed {@code modelName:modelVersion},
 *                      timestamped one millisecond before the window's end
 * @param alerts        {@code QualityAlert}s, same key as the reports
 * @param deadLetters   name of the dead-letter topic
 */
public record QualityTopics(
        Topic<String, LabeledEvent> labeledEvents,
        Topic<String, QualityReport> reports,
        Topic<String, QualityAlert> alerts,
        String deadLetters) {

    public QualityTopics {
        Objects.requireNonNull(labeledEvents, "labeledEvents");
        Objects.requireNonNull(reports, "reports");
        Objects.requireNonNull(alerts, "alerts");
        Objects.requireNonNull(deadLetters, "deadLetters");
        if (deadLetters.isBlank()) {
            throw new IllegalArgumentException("dead-letter topic name is blank");
        }
    }

    /**
     * The topics with String keys and Avro values in the Confluent wire format through
     * {@code registry} (schemas registered under {@code <topic>-value} on first write).
     * The client is shared, not closed by the serdes: its creator closes it.
     */
    public static QualityTopics withRegistry(String labeledEvents, String reports, String alerts, String deadLetters,
            SchemaRegistryClient registry) {
        AvroSerdeSettings values = AvroSerdeSettings.defaults();
        return new QualityTopics(
                new Topic<>(labeledEvents, Serdes.String(), AvroSerde.specific(LabeledEvent.class, registry, values)),
                new Topic<>(reports, Serdes.String(), AvroSerde.specific(QualityReport.class, registry, values)),
                new Topic<>(alerts, Serdes.String(), AvroSerde.specific(QualityAlert.class, registry, values)),
                deadLetters);
    }
}
