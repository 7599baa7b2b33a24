package io.nerco.stream;

import java.util.Map;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams;

/** What the health, readiness and metrics endpoints read from a running Kafka Streams instance. Thread-safe. */
public interface StreamsStatus {
    /** The current state. */
    KafkaStreams.State state();

    /** Kafka Streams' own metrics, read-only. */
    Map<MetricName, ? extends Metric> metrics();
}
