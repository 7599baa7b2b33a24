package io.nerco.stream;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * Kafka Streams' own metrics ({@code KafkaStreams#metrics()}: the client, its threads,
 * tasks, processors and stores, and its embedded consumers and producers) as Prometheus
 * gauges. A metric {@code process-rate} in group {@code stream-thread-metrics} with tag
 * {@code thread-id} becomes {@code kafka_stream_thread_process_rate{thread_id="..."}}: the
 * group without its {@code -metrics} suffix, then the name, both sanitised. Metrics whose
 * value is not a number (versions, state names) are left out. Stateless and thread-safe.
 */
final class KafkaStreamsMetrics {
    private KafkaStreamsMetrics() {
    }

    static void writeTo(PrometheusText page, Map<MetricName, ? extends Metric> metrics) {
        // Sorted, so a family's samples and the page are stable from scrape to scrape.
        Map<MetricName, Metric> sorted = new TreeMap<>((a, b) -> {
            int byName = family(a).compareTo(family(b));
            return byName != 0 ? byName : a.tags().toString().compareTo(b.tags().toString());
        });
        sorted.putAll(metrics);
        sorted.forEach((name, metric) -> {
            if (metric.metricValue() instanceof Number value) {
                page.gauge(family(name), name.description().isBlank() ? name.name() : name.description(),
                        new LinkedHashMap<>(new TreeMap<>(name.tags())), value.doubleValue());
            }
        });
    }

    static String family(MetricName name) {
        String group = name.group().endsWith("-metrics") ? name.group().substring(0, name.group().length() - "-metrics".length())
                : name.group();
        return PrometheusText.name("kafka_" + group + "_" + name.name());
    }
}
