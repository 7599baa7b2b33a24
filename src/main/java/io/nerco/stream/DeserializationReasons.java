package io.nerco.stream;

import io.nerco.registry.AvroDeserializationException;
import java.util.Optional;

/** Maps a deserialization failure to a dead-letter reason. */
final class DeserializationReasons {
    private DeserializationReasons() {
    }

    /**
     * The reason to dead-letter a record that failed with {@code error}, or empty when the
     * record is not at fault (the registry is unreachable) and must not be dead-lettered.
     * Failures of the registry serde carry their own reason; any other deserializer's
     * failure is {@link DeadLetterReason#UNDECODABLE}.
     */
    static Optional<DeadLetterReason> classify(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof AvroDeserializationException avro) {
                return avro.reason().recordAtFault()
                        ? Optional.of(DeadLetterReason.valueOf(avro.reason().name()))
                        : Optional.empty();
            }
        }
        return Optional.of(DeadLetterReason.UNDECODABLE);
    }
}
