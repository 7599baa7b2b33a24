package io.nerco.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How a phase's arrivals become a rate and latencies (StreamBench.summarise), on hand-made arrivals. */
class StreamBenchSummaryTest {

    @Test
    void theRateSkipsTheFirstTenthAndCountsWordsOfTheEventsAfterIt() {
        // 20 events sent at t=0; 10 arrive in a burst at 1,000 ms, 10 more at 2,000 ms (10 words each).
        List<OutputCollector.Arrival> arrivals = new ArrayList<>();
        Map<String, Long> words = new HashMap<>();
        for (int i = 0; i < 20; i++) {
            arrivals.add(new OutputCollector.Arrival("e" + i, 0, i < 10 ? 1_000 : 2_000, false));
            words.put("e" + i, 10L);
        }

        LoadPhase phase = StreamBench.summarise("saturation", 0, 20, 0, arrivals, words, 0, 0);

        // the arrival at 10% is in the first burst: 10 events after it, over 1 s
        assertThat(phase.eventsPerSecond()).isEqualTo(10.0);
        assertThat(phase.wordsPerSecond()).isEqualTo(100.0);
        assertThat(phase.offeredPerSecond()).isNaN();
        assertThat(phase.latency().p50()).isEqualTo(1_000);
        assertThat(phase.latency().max()).isEqualTo(2_000);
    }

    @Test
    void oneBurstCountsFromTheFirstSend() {
        List<OutputCollector.Arrival> arrivals = List.of(new OutputCollector.Arrival("a", 100, 600, false),
                new OutputCollector.Arrival("b", 100, 600, false));

        LoadPhase phase = StreamBench.summarise("load", 4, 2, 100, arrivals, Map.of("a", 3L, "b", 5L), 0, 0);

        assertThat(phase.eventsPerSecond()).isEqualTo(4.0);
        assertThat(phase.wordsPerSecond()).isEqualTo(16.0);
        assertThat(phase.offeredPerSecond()).isEqualTo(4.0);
    }

    @Test
    void deadLettersAreCountedApartAndHaveNoLatency() {
        List<OutputCollector.Arrival> arrivals = List.of(new OutputCollector.Arrival("a", 0, 50, false),
                new OutputCollector.Arrival("bad", 0, 9_000, true));

        LoadPhase phase = StreamBench.summarise("load", 1, 3, 0, arrivals, Map.of("a", 1L, "bad", 1L), 1, 2);

        assertThat(phase.tagged()).isEqualTo(1);
        assertThat(phase.deadLettered()).isEqualTo(1);
        assertThat(phase.missing()).isEqualTo(1);
        assertThat(phase.unexpected()).isEqualTo(2);
        assertThat(phase.latency().max()).isEqualTo(50);
    }
}
