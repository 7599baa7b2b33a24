package io.nerco.stream;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka Streams deserialization exception handler: a record whose bytes cannot be decoded
 * resumes the stream and goes to the dead-letter topic with its raw bytes and the reason
 * (see {@link DeserializationReasons}). A failure that is not the record's fault (the
 * registry is unreachable) fails the stream thread instead, so good data is never
 * dead-lettered; it is retried after a restart. Reads the dead-letter topic from
 * {@code errors.dead.letter.queue.topic.name}; without it every error fails. Configured
 * through {@code deserialization.exception.handler}; thread-safe after {@link #configure}.
 */
public final class DeadLetterDeserializationHandler implements DeserializationExceptionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterDeserializationHandler.class);
    private String deadLetterTopic;
    private StreamMetrics metrics = new StreamMetrics();

    @Override
    public void configure(Map<String, ?> configs) {
        Object topic = configs.get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG);
        deadLetterTopic = topic == null || topic.toString().isBlank() ? null : topic.toString();
        metrics = StreamMetrics.from(configs);
    }

    @Override
    public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
        Optional<DeadLetterReason> reason = DeserializationReasons.classify(exception);
        if (reason.isEmpty() || deadLetterTopic == null) {
            LOG.error("cannot deserialize {}-{}@{} and it is not the record's fault; failing the stream thread",
                    record.topic(), record.partition(), record.offset(), exception);
            return Response.fail();
        }
        LOG.warn("dead-lettering {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), exception.getMessage());
        metrics.countDeadLetter(reason.get());
        return Response.resume(List.of(DeadLetters.record(deadLetterTopic, record.key(), record.value(), record.timestamp(),
                record.headers(), new DeadLetters.Source(record.topic(), record.partition(), record.offset()),
                reason.get(), exception)));
    }
}
