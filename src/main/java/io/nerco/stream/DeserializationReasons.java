package io.nerco.stream;

import java.util.Optional;

/** Maps a deserialization failure to a dead-letter reason. */
final class DeserializationReasons {
    private DeserializationReasons() {
    }

    /**
     * The reason to dead-letter a record that failed with {@code error}, or empty when the
     * record is not at fault and must not be dead-lettered.
     */
    static Optional<DeadLetterReason> classify(Throwable error) {
        return Optional.of(DeadLetterReason.UNDECODABLE);
    }
}
