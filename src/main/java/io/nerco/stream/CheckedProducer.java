package io.nerco.stream;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A producer that feeds events into the pipeline and cannot lose one quietly: every send is
 * acknowledged by all in-sync replicas or counted as failed, and {@link #close()} throws
 * {@link UndeliveredRecordsException} when any failed, after the rest were flushed.
 *
 * <p>One request is in flight per connection. With more, an idempotent producer whose first
 * request to a partition fails retriably (a topic's leader not yet elected, a leader moving)
 * while a later one lands keeps retrying the first with {@code OUT_OF_ORDER_SEQUENCE_NUMBER}
 * until its delivery timeout drops it (KAFKA-14359); the integration tests lost inputs that way
 * on a loaded machine. Thread-safe, as {@code KafkaProducer} is.
 *
 * @param <V> value type
 */
public final class CheckedProducer<V> implements AutoCloseable {

    private final KafkaProducer<String, V> producer;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicReference<Failure> firstFailure = new AtomicReference<>();

    private record Failure(String topic, String key, Exception error) {}

    /**
     * @param bootstrapServers the cluster
     * @param extra            further producer settings (security, request size); they may not loosen
     *                         acks, idempotence or the in-flight limit
     * @param values           value serializer
     */
    public CheckedProducer(String bootstrapServers, Map<String, Object> extra, Serializer<V> values) {
        Map<String, Object> config = new HashMap<>(extra);
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        this.producer = new KafkaProducer<>(config, new StringSerializer(), values);
    }

    public CheckedProducer(String bootstrapServers, Serializer<V> values) {
        this(bootstrapServers, Map.of(), values);
    }

    public void send(String topic, String key, V value) {
        send(new ProducerRecord<>(topic, key, value));
    }

    public void send(ProducerRecord<String, V> record) {
        sent.incrementAndGet();
        producer.send(record, (metadata, error) -> {
            if (error == null) {
                acknowledged.incrementAndGet();
            } else {
                failed.incrementAndGet();
                firstFailure.compareAndSet(null, new Failure(record.topic(), record.key(), error));
            }
        });
    }

    /** Records the cluster has acknowledged so far. */
    public long acknowledged() {
        return acknowledged.get();
    }

    /** Waits for every record sent so far; throws if any of them was not written. */
    public void flush() {
        producer.flush();
        Failure first = firstFailure.get();
        if (first != null) {
            throw new UndeliveredRecordsException(failed.get(), sent.get(), first.topic(), first.key(), first.error());
        }
    }

    /** Flushes, closes, and throws if any record sent was not written. */
    @Override
    public void close() {
        try {
            flush();
        } finally {
            producer.close();
        }
    }
}
