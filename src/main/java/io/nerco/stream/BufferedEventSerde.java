package io.nerco.stream;

import io.nerco.avro.internal.BufferedEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Serde of the batch buffer's values, in Avro single-object encoding: each value starts with
 * the fingerprint of its schema, so a changelog written by another schema version fails
 * loudly on restore instead of being misread. Internal data only; no registry involved.
 * Stateless and thread-safe.
 */
final class BufferedEventSerde implements Serde<BufferedEvent> {

    @Override
    public Serializer<BufferedEvent> serializer() {
        return (topic, event) -> {
            if (event == null) {
                return null;
            }
            try {
                ByteBuffer buffer = event.toByteBuffer();
                byte[] bytes = new byte[buffer.remaining()];
                buffer.get(bytes);
                return bytes;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    @Override
    public Deserializer<BufferedEvent> deserializer() {
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            try {
                return BufferedEvent.fromByteBuffer(ByteBuffer.wrap(bytes));
            } catch (IOException | RuntimeException e) {
                throw new SerializationException("buffered event in " + topic + " is not readable with this version's schema", e);
            }
        };
    }
}
