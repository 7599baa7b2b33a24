package io.nerco.stream;

/**
 * Why a record went to the dead-letter topic; written as its {@link #name()} into the
 * {@link DeadLetters#REASON_HEADER} header. The deserialization reasons mirror the registry
 * serde's failure kinds so an operator sees one vocabulary.
 */
public enum DeadLetterReason {
    /** Fewer bytes than the wire format's 5-byte header (magic byte, schema id). */
    PAYLOAD_TOO_SHORT,
    /** The first byte is not the Confluent magic byte 0. */
    UNKNOWN_MAGIC_BYTE,
    /** The Avro body ended early. */
    TRUNCATED_PAYLOAD,
    /** The Avro body is not a valid encoding of its writer schema. */
    MALFORMED_AVRO,
    /** The registry does not know the schema id in the header. */
    UNKNOWN_SCHEMA_ID,
    /** The writer schema cannot be read as a TextEvent. */
    INCOMPATIBLE_SCHEMA,
    /** The value bytes could not be decoded for another reason. */
    UNDECODABLE,
    /** The record has no value (a tombstone). */
    NULL_VALUE,
    /** The event's text is missing, empty or only whitespace. */
    MISSING_TEXT,
    /** The event's text is longer than the configured limit. */
    TEXT_TOO_LONG,
    /** The tagger failed on this event alone (its batch was retried one event at a time). */
    TAGGING_FAILED,
    /** A labeled event whose quality window had closed (its end plus the grace period passed) when it arrived. */
    LATE,
    /** A labeled event whose gold spans or tokens do not fit its text. */
    INVALID_LABELS
}
