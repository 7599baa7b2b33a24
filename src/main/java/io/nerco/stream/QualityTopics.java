package io.nerco.stream;

import io.nerco.avro.LabeledEvent;
import io.nerco.avro.QualityAlert;
import io.nerco.avro.QualityReport;
import java.util.Objects;

/**
 * The topics of the {@link QualityTopology}. The dead-letter topic carries rejected input as
 * read (or, for a tagging failure, re-serialised with the input serde), with the reason in
 * headers, see {@link DeadLetters}.
 *
 * @param labeledEvents input, keyed by event id
 * @param reports       one {@code QualityReport} per closed window, keyed {@code modelName:modelVersion}
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
}
