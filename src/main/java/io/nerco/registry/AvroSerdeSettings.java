package io.nerco.registry;

import java.util.Objects;

/**
 * How a serde picks the schema id it writes. Immutable.
 *
 * @param autoRegisterSchemas true to register the writer schema under its subject when it is
 *                            not there yet; false to only look it up (and fail if absent)
 * @param subjectNameStrategy how subjects are named (not null)
 * @param isKey               true for a key serde (the {@code -key} subject of {@link TopicNameStrategy})
 */
public record AvroSerdeSettings(boolean autoRegisterSchemas, SubjectNameStrategy subjectNameStrategy, boolean isKey) {
    public AvroSerdeSettings {
        Objects.requireNonNull(subjectNameStrategy, "subjectNameStrategy");
    }

    /** Confluent's defaults for a value serde: auto-register, {@link TopicNameStrategy}. */
    public static AvroSerdeSettings defaults() {
        return new AvroSerdeSettings(true, new TopicNameStrategy(), false);
    }
}
