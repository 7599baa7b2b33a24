package io.nerco.stream;

/** Some records a {@link CheckedProducer} was given were not written to Kafka; the message says how many and why. */
public final class UndeliveredRecordsException extends RuntimeException {

    private final long undelivered;

    UndeliveredRecordsException(long undelivered, long sent, String topic, String key, Exception firstError) {
        super(String.format("%d of %d records were not written; the first, key %s to %s: %s", undelivered, sent, key,
                topic, firstError), firstError);
        this.undelivered = undelivered;
    }

    public long undelivered() {
        return undelivered;
    }
}
