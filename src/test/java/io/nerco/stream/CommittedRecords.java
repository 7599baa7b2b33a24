package io.nerco.stream;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;

/** Reads a whole topic as a downstream consumer sees it: read_committed, from the start. */
public final class CommittedRecords {
    private CommittedRecords() {
    }

    /**
     * Reads {@code topic} from the start until at least {@code expected} records arrived (or
     * {@code timeout} passed, which fails), then on to the last stable offset, so duplicates
     * written after the expected count are seen too.
     *
     * @param clientConfig the broker's client security settings, may be empty
     */
    static <K, V> List<ConsumerRecord<K, V>> read(String bootstrap, Map<String, Object> clientConfig, String topic,
            Deserializer<K> keys, Deserializer<V> values, int expected, Duration timeout) {
        return readUntil(bootstrap, clientConfig, topic, keys, values, records -> records.size() >= expected, timeout);
    }

    /**
     * As {@link #read}, until at least {@code expected} distinct keys arrived: under at-least-once
     * duplicates make the count reach the inputs' before the last inputs' outputs are written.
     */
    static <K, V> List<ConsumerRecord<K, V>> readDistinctKeys(String bootstrap, Map<String, Object> clientConfig,
            String topic, Deserializer<K> keys, Deserializer<V> values, int expected, Duration timeout) {
        java.util.Set<K> seen = new java.util.HashSet<>();
        int[] counted = {0};
        return readUntil(bootstrap, clientConfig, topic, keys, values, records -> {
            for (; counted[0] < records.size(); counted[0]++) {
                seen.add(records.get(counted[0]).key());
            }
            return seen.size() >= expected;
        }, timeout);
    }

    private static <K, V> List<ConsumerRecord<K, V>> readUntil(String bootstrap, Map<String, Object> clientConfig,
            String topic, Deserializer<K> keys, Deserializer<V> values,
            java.util.function.Predicate<List<ConsumerRecord<K, V>>> done, Duration timeout) {
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID());
        config.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 16 * 1024 * 1024);
        List<ConsumerRecord<K, V>> records = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(config, keys, values)) {
            consumer.subscribe(List.of(topic));
            await().atMost(timeout).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
                return done.test(records);
            });
            var partitions = consumer.assignment();
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    /**
     * The offsets below the last stable offset of {@code topic}, summed over partitions:
     * 0 exactly when nothing was ever committed to it (transaction markers count too).
     */
    public static long stableCount(String bootstrap, Map<String, Object> clientConfig, String topic) {
        Map<String, Object> config = new HashMap<>(clientConfig);
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (var consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            var partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            Map<TopicPartition, Long> start = consumer.beginningOffsets(partitions);
            return partitions.stream().mapToLong(p -> end.get(p) - start.get(p)).sum();
        }
    }
}
