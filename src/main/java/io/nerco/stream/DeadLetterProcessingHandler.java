package io.nerco.stream;

import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kafka Streams processing exception handler: a {@link RejectedEventException} (bad input)
 * resumes the stream and hands Kafka Streams a dead-letter record with the input's raw
 * bytes, written in the same transaction as the rest of the task's output. Anything else is
 * a bug or an outage, not bad input, and fails the stream thread rather than losing data.
 * Reads the dead-letter topic from {@code errors.dead.letter.queue.topic.name}; without it
 * every error fails, since nothing may be dropped silently. Configured by Kafka Streams
 * through {@code processing.exception.handler}; thread-safe after {@link #configure}.
 */
public final class DeadLetterProcessingHandler implements ProcessingExceptionHandler {
    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterProcessingHandler.class);
    private String deadLetterTopic;
    private StreamMetrics metrics = new StreamMetrics();

    @Override
    public void configure(Map<String, ?> configs) {
        Object topic = configs.get(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG);
        deadLetterTopic = topic == null || topic.toString().isBlank() ? null : topic.toString();
        metrics = StreamMetrics.from(configs);
    }

    @Override
    public Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        if (!(exception instanceof RejectedEventException rejected) || deadLetterTopic == null) {
            LOG.error("processing failed at {}-{}@{} in {}; failing the stream thread", context.topic(),
                    context.partition(), context.offset(), context.processorNodeId(), exception);
            return Response.fail();
        }
        LOG.warn("dead-lettering {}-{}@{}: {}", context.topic(), context.partition(), context.offset(), exception.getMessage());
        metrics.countDeadLetter(rejected.reason());
        return Response.resume(List.of(DeadLetters.record(deadLetterTopic, context.sourceRawKey(), context.sourceRawValue(),
                context.timestamp(), context.headers(),
                new DeadLetters.Source(context.topic(), context.partition(), context.offset()),
                rejected.reason(), exception)));
    }
}
