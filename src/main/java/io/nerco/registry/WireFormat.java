package io.nerco.registry;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * The Confluent wire format: magic byte {@code 0}, the schema id as a 4-byte big-endian int,
 * then the Avro binary body. Stateless and thread-safe.
 */
public final class WireFormat {
    /** The only magic byte this format defines. */
    public static final byte MAGIC_BYTE = 0;
    /** Magic byte plus schema id. */
    public static final int HEADER_SIZE = 5;

    private WireFormat() {
    }

    /** A decoded frame: the schema id and a read-only view of the Avro body (no copy). */
    public record Frame(int schemaId, ByteBuffer body) {
        public Frame {
            Objects.requireNonNull(body, "body");
        }

        /** The body as a fresh array. */
        public byte[] bodyBytes() {
            byte[] bytes = new byte[body.remaining()];
            body.duplicate().get(bytes);
            return bytes;
        }
    }

    /** Frames {@code avroBody} (not null) under {@code schemaId}; returns a new array. */
    public static byte[] encode(int schemaId, byte[] avroBody) {
        Objects.requireNonNull(avroBody, "avroBody");
        return ByteBuffer.allocate(HEADER_SIZE + avroBody.length)
                .put(MAGIC_BYTE).putInt(schemaId).put(avroBody).array();
    }

    /** Writes just the header; for writers that stream the body after it. */
    public static byte[] header(int schemaId) {
        return ByteBuffer.allocate(HEADER_SIZE).put(MAGIC_BYTE).putInt(schemaId).array();
    }

    /**
     * Reads the header of {@code payload} (not null).
     *
     * @throws PayloadTooShortException  when it is empty or shorter than the header
     * @throws UnknownMagicByteException when the first byte is not {@link #MAGIC_BYTE}
     */
    public static Frame decode(byte[] payload) {
        Objects.requireNonNull(payload, "payload");
        if (payload.length < HEADER_SIZE) {
            if (payload.length > 0 && payload[0] != MAGIC_BYTE) {
                throw new UnknownMagicByteException(payload[0]);
            }
            throw new PayloadTooShortException(payload.length);
        }
        if (payload[0] != MAGIC_BYTE) {
            throw new UnknownMagicByteException(payload[0]);
        }
        ByteBuffer buffer = ByteBuffer.wrap(payload);
        int schemaId = buffer.getInt(1);
        return new Frame(schemaId, buffer.position(HEADER_SIZE).slice().asReadOnlyBuffer());
    }
}
