package io.nerco.registry;

import java.util.Objects;
import java.util.OptionalInt;
import org.apache.kafka.common.errors.SerializationException;

/**
 * A payload could not be deserialized; {@link #reason()} says why in a form a dead-letter
 * handler can put in a header. Extends Kafka's {@link SerializationException} so Kafka's
 * deserialization handlers see it as what it is. Messages never contain payload bytes.
 */
public class AvroDeserializationException extends SerializationException {
    private final DeserializationFailure reason;
    private final OptionalInt schemaId;

    /**
     * @param reason   why (not null)
     * @param schemaId the id in the payload's header, or empty when the header was unreadable
     * @param message  detail for people (not null)
     * @param cause    the underlying failure, or null
     */
    public AvroDeserializationException(DeserializationFailure reason, OptionalInt schemaId, String message, Throwable cause) {
        super(reason + ": " + message, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.schemaId = Objects.requireNonNull(schemaId, "schemaId");
    }

    /** Why the payload was refused; never null. */
    public DeserializationFailure reason() {
        return reason;
    }

    /** The schema id from the header, when the header could be read. */
    public OptionalInt schemaId() {
        return schemaId;
    }
}
