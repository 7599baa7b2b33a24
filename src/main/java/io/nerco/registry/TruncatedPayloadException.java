package io.nerco.registry;

import java.util.OptionalInt;

/** The header is fine but the Avro body ends before the record is complete. */
public final class TruncatedPayloadException extends WireFormatException {
    public TruncatedPayloadException(int schemaId, int bodyLength, Throwable cause) {
        super(DeserializationFailure.TRUNCATED_PAYLOAD, OptionalInt.of(schemaId),
                "Avro body of " + bodyLength + " bytes ends before the record written with schema id "
                        + schemaId + " is complete", cause);
    }
}
