package io.nerco.registry;

import java.util.Locale;
import java.util.Objects;
import org.apache.avro.Schema;

/**
 * Chooses the registry subject a record's schema is registered under. Implementations are
 * stateless and thread-safe; a custom one needs a public no-argument constructor to be named
 * in configuration.
 */
public interface SubjectNameStrategy {

    /**
     * The subject for a key or value written to {@code topic} (not null) with {@code schema}
     * (not null).
     *
     * @throws IllegalArgumentException when the strategy cannot name this schema
     */
    String subjectName(String topic, boolean isKey, Schema schema);

    /**
     * Resolves a configured strategy: {@code TopicNameStrategy}, {@code RecordNameStrategy},
     * {@code TopicRecordNameStrategy} (plain, or as Confluent's
     * {@code io.confluent.kafka.serializers.subject.*} class names, so existing configs work),
     * or the name of a class that implements this interface.
     */
    static SubjectNameStrategy named(String name) {
        Objects.requireNonNull(name, "name");
        String simple = name.substring(name.lastIndexOf('.') + 1).strip();
        switch (simple.toLowerCase(Locale.ROOT)) {
            case "topicnamestrategy": return new TopicNameStrategy();
            case "recordnamestrategy": return new RecordNameStrategy();
            case "topicrecordnamestrategy": return new TopicRecordNameStrategy();
            default: break;
        }
        try {
            Class<?> type = Class.forName(name.strip());
            if (!SubjectNameStrategy.class.isAssignableFrom(type)) {
                throw new IllegalArgumentException(name + " does not implement " + SubjectNameStrategy.class.getName());
            }
            return (SubjectNameStrategy) type.getConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException("unknown subject name strategy '" + name
                    + "'; use TopicNameStrategy, RecordNameStrategy, TopicRecordNameStrategy or a class name", e);
        }
    }

    /** The full name of a named schema (record, enum, fixed); refuses primitives and unions. */
    static String fullName(Schema schema) {
        return switch (schema.getType()) {
            case RECORD, ENUM, FIXED -> schema.getFullName();
            default -> throw new IllegalArgumentException("a " + schema.getType()
                    + " schema has no name to derive a subject from; use TopicNameStrategy");
        };
    }
}
