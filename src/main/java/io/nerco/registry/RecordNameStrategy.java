package io.nerco.registry;

import org.apache.avro.Schema;

/** The record's full name: one lineage per record type, whatever topic it is written to. */
public final class RecordNameStrategy implements SubjectNameStrategy {
    @Override
    public String subjectName(String topic, boolean isKey, Schema schema) {
        return SubjectNameStrategy.fullName(schema);
    }

    @Override
    public String toString() {
        return "RecordNameStrategy";
    }
}
