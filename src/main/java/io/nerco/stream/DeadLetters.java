package io.nerco.stream;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Builds dead-letter records. The headers are those of Kafka Streams' built-in dead-letter
 * queue (KIP-1034: exception class, message, stack trace, source topic, partition, offset,
 * all UTF-8 strings) plus {@link #REASON_HEADER}, the {@link DeadLetterReason} name, so a
 * consumer can route on a stable code instead of parsing messages. The input record's own
 * headers are kept in front of them. Stateless and thread-safe.
 */
public final class DeadLetters {
    /** The {@link DeadLetterReason} name. */
    public static final String REASON_HEADER = "nerco.dead-letter.reason";
    public static final String EXCEPTION_HEADER = "__streams.errors.exception";
    public static final String MESSAGE_HEADER = "__streams.errors.message";
    public static final String STACKTRACE_HEADER = "__streams.errors.stacktrace";
    public static final String TOPIC_HEADER = "__streams.errors.topic";
    public static final String PARTITION_HEADER = "__streams.errors.partition";
    public static final String OFFSET_HEADER = "__streams.errors.offset";

    private DeadLetters() {
    }

    /** Where a dead letter came from. {@code topic} may be null when unknown; then partition and offset are -1. */
    public record Source(String topic, int partition, long offset) {}

    /**
     * The Streams settings a topology with dead letters relies on: the built-in dead-letter
     * topic (KIP-1034) and the handlers that send bad input there with a reason.
     */
    public static Map<String, Object> streamsConfig(String deadLetterTopic) {
        return Map.of(
                StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, deadLetterTopic,
                StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterDeserializationHandler.class,
                StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterProcessingHandler.class);
    }

    /**
     * A dead-letter record for the given raw input.
     *
     * @param deadLetterTopic the dead-letter topic, not null
     * @param key             raw key bytes, nullable
     * @param value           raw value bytes, nullable
     * @param timestamp       the input record's timestamp
     * @param inputHeaders    the input's headers, nullable; copied, not changed
     * @param source          where the input was read, not null
     * @param reason          why it is dead, not null
     * @param error           what went wrong, not null
     */
    public static ProducerRecord<byte[], byte[]> record(String deadLetterTopic, byte[] key, byte[] value, long timestamp,
            Headers inputHeaders, Source source, DeadLetterReason reason, Throwable error) {
        Objects.requireNonNull(deadLetterTopic, "deadLetterTopic");
        Headers headers = inputHeaders == null ? new RecordHeaders() : new RecordHeaders(inputHeaders.toArray());
        addTo(headers, source, reason, error);
        return new ProducerRecord<>(deadLetterTopic, null, timestamp < 0 ? null : timestamp, key, value, headers);
    }

    /** Adds the dead-letter headers to {@code headers} (which must be writable). */
    public static void addTo(Headers headers, Source source, DeadLetterReason reason, Throwable error) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(error, "error");
        add(headers, REASON_HEADER, reason.name());
        add(headers, EXCEPTION_HEADER, error.getClass().getName());
        add(headers, MESSAGE_HEADER, String.valueOf(error.getMessage()));
        add(headers, STACKTRACE_HEADER, stackTrace(error));
        add(headers, TOPIC_HEADER, String.valueOf(source.topic()));
        add(headers, PARTITION_HEADER, String.valueOf(source.partition()));
        add(headers, OFFSET_HEADER, String.valueOf(source.offset()));
    }

    /** The last value of header {@code name} as UTF-8, or null when absent. */
    public static String header(Headers headers, String name) {
        var header = headers.lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static void add(Headers headers, String name, String value) {
        headers.remove(name);
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    private static String stackTrace(Throwable error) {
        StringWriter out = new StringWriter();
        error.printStackTrace(new PrintWriter(out));
        return out.toString();
    }
}
