package io.nerco.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PrometheusTextTest {

    @Test
    void aHistogramIsCumulativeWithInfSumAndCount() {
        Histogram h = new Histogram(1, 4, 16);
        for (double v : new double[] {1, 3, 4, 5, 100}) {
            h.observe(v);
        }
        String page = new PrometheusText().histogram("nerco_batch_size", "Events per batch.", Map.of("topology", "tagging"), h)
                .toString();
        assertThat(page).isEqualTo("""
                # HELP nerco_batch_size Events per batch.
                # TYPE nerco_batch_size histogram
                nerco_batch_size_bucket{topology="tagging",le="1"} 1
                nerco_batch_size_bucket{topology="tagging",le="4"} 3
                nerco_batch_size_bucket{topology="tagging",le="16"} 4
                nerco_batch_size_bucket{topology="tagging",le="+Inf"} 5
                nerco_batch_size_sum{topology="tagging"} 113
                nerco_batch_size_count{topology="tagging"} 5
                """);
    }

    @Test
    void samplesOfOneFamilyStayTogetherUnderOneTypeLine() {
        PrometheusText page = new PrometheusText()
                .gauge("a", "first", Map.of("k", "1"), 1)
                .gauge("b", "second", Map.of(), 0.25)
                .gauge("a", "first", Map.of("k", "2"), 2);
        assertThat(page.toString()).isEqualTo("""
                # HELP a first
                # TYPE a gauge
                a{k="1"} 1
                a{k="2"} 2
                # HELP b second
                # TYPE b gauge
                b 0.25
                """);
    }

    @Test
    void namesAreSanitisedAndLabelValuesEscaped() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("thread-id", "a \"quoted\"\\path\nnext");
        String page = new PrometheusText().gauge("kafka_stream-thread.process-rate", "h", labels, Double.NaN).toString();
        assertThat(page).contains("kafka_stream_thread_process_rate{thread_id=\"a \\\"quoted\\\"\\\\path\\nnext\"} NaN");
        assertThat(PrometheusText.name("9lives")).isEqualTo("_9lives");
    }

    @Test
    void bucketBoundsMustIncrease() {
        assertThatThrownBy(() -> new Histogram(1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Histogram()).isInstanceOf(IllegalArgumentException.class);
    }
}
