package io.nerco.registry;

import org.apache.avro.Schema;

/** {@code <topic>-<record full name>}: one lineage per record type per topic. */
public final class TopicRecordNameStrategy implements SubjectNameStrategy {
    @Override
    public String subjectName(String topic, boolean isKey, Schema schema) {
        return topic + "-" + SubjectNameStrategy.fullName(schema);
    }

    @Override
    public String toString() {
        return "TopicRecordNameStrategy";
    }
}
