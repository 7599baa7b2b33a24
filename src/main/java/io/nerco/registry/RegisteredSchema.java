package io.nerco.registry;

import java.util.Objects;
import org.apache.avro.Schema;

/**
 * One version of a subject as the registry holds it.
 *
 * @param subject the subject (not null)
 * @param version its version number under the subject, 1 or more
 * @param id      the registry-wide schema id
 * @param schema  the parsed schema (not null)
 */
public record RegisteredSchema(String subject, int version, int id, Schema schema) {
    public RegisteredSchema {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(schema, "schema");
    }
}
