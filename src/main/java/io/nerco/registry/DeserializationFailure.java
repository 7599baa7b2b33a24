package io.nerco.registry;

/**
 * Why a framed Avro payload could not be turned back into a record. The stream's dead-letter
 * handler writes {@link #name()} into a header; {@link #recordAtFault()} tells it whether the
 * record itself is bad (dead-letter it) or the registry failed (stop or retry, do not
 * dead-letter good data).
 */
public enum DeserializationFailure {
    /** Fewer than the 5 header bytes (magic byte and schema id); includes an empty payload. */
    PAYLOAD_TOO_SHORT(true),
    /** The first byte is not the Confluent magic byte 0. */
    UNKNOWN_MAGIC_BYTE(true),
    /** The Avro body ends before the record does. */
    TRUNCATED_PAYLOAD(true),
    /** The Avro body is not a valid encoding of the writer schema, or has bytes left over. */
    MALFORMED_AVRO(true),
    /** The registry does not know the schema id in the header. */
    UNKNOWN_SCHEMA_ID(true),
    /** The writer schema cannot be resolved to the reader schema (Avro schema resolution). */
    INCOMPATIBLE_SCHEMA(true),
    /** The registry could not be reached or answered with an error; the record may be fine. */
    REGISTRY_UNAVAILABLE(false);

    private final boolean recordAtFault;

    DeserializationFailure(boolean recordAtFault) {
        this.recordAtFault = recordAtFault;
    }

    /** True when retrying cannot help because the bytes themselves are wrong. */
    public boolean recordAtFault() {
        return recordAtFault;
    }
}
