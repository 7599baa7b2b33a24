package io.nerco.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads the tagging topology's output and dead-letter topics with a {@code read_committed}
 * consumer on its own thread and notes, for every record, when it became readable here. Values
 * are not decoded: the moment a record is readable is what the latency measures. Owns the
 * consumer and its thread; {@link #close} stops both. Thread-safe.
 */
final class OutputCollector implements AutoCloseable {

    /**
     * One output record as seen by the consumer.
     *
     * @param key        the event key
     * @param timestamp  the record's timestamp (the input event's, which the topology keeps)
     * @param readableMs wall-clock milliseconds when this consumer got it
     * @param deadLetter whether it came from the dead-letter topic
     */
    record Arrival(String key, long timestamp, long readableMs, boolean deadLetter) {}

    private final KafkaConsumer<String, byte[]> consumer;
    private final String deadLetterTopic;
    private final BlockingQueue<Arrival> arrivals = new LinkedBlockingQueue<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final Thread thread;

    OutputCollector(String bootstrapServers, String outputTopic, String deadLetterTopic) {
        this.deadLetterTopic = deadLetterTopic;
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.GROUP_ID_CONFIG, "nerco-bench-reader-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new StringDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(outputTopic, deadLetterTopic));
        this.thread = new Thread(this::poll, "nerco-bench-output-reader");
        thread.setDaemon(true);
        thread.start();
    }

    private void poll() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    arrivals.add(new Arrival(r.key(), r.timestamp(), System.currentTimeMillis(), r.topic().equals(deadLetterTopic)));
                }
            }
        } catch (WakeupException closing) {
            // close() woke the consumer up
        } catch (RuntimeException e) {
            failure.set(e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /**
     * The next arrival, waiting up to {@code timeout}; null when none came in time.
     *
     * @throws IllegalStateException when the consumer thread failed
     */
    Arrival next(Duration timeout) throws InterruptedException {
        Throwable error = failure.get();
        if (error != null) {
            throw new IllegalStateException("the output reader failed: " + error, error);
        }
        return arrivals.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        consumer.wakeup();
        thread.join(Duration.ofSeconds(10).toMillis());
    }
}
