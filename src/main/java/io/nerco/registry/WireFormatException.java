package io.nerco.registry;

import java.util.OptionalInt;

/** The Confluent framing of a payload is broken; see the subclasses for which way. */
public abstract class WireFormatException extends AvroDeserializationException {
    protected WireFormatException(DeserializationFailure reason, OptionalInt schemaId, String message, Throwable cause) {
        super(reason, schemaId, message, cause);
    }
}
