package io.nerco.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

/** The batch budget, the worst-flush arithmetic and the transaction timeout fitted to it. */
class TaggingSettingsTest {
    private static final String TX = StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG);

    private static TaggingSettings settings(int batchSize, int maxBatchChars, int maxTextChars, long worstCaseEventMs) {
        return new TaggingSettings(batchSize, maxBatchChars, Duration.ofMillis(200), maxTextChars, 40, worstCaseEventMs);
    }

    @Test
    void aBatchStopsAtTheCountOrBeforeTheEventThatWouldBreakTheCharacterBudget() {
        TaggingSettings s = settings(3, 10, 100, 100);
        assertThat(s.eventsInNextBatch(List.of("aaa", "bbb", "ccc", "ddd"))).as("count").isEqualTo(3);
        assertThat(s.eventsInNextBatch(List.of("aaaaaa", "bbbbb", "c"))).as("6 + 5 > 10").isEqualTo(1);
        assertThat(s.eventsInNextBatch(List.of("aaaaa", "bbbbb", "c"))).as("5 + 5 fits").isEqualTo(2);
        assertThat(s.eventsInNextBatch(List.of("a".repeat(50), "b"))).as("an event over the budget goes alone").isEqualTo(1);
        assertThat(s.eventsInNextBatch(List.of())).isZero();
    }

    @Test
    void theWorstFlushIsTheLargestBatchTaggedTwiceAtTheWorstRate() {
        // 4 events of 2,000 chars fit under the 64k budget: 8,000 chars, 0.25 ms a char, twice
        assertThat(settings(4, 64_000, 2_000, 500).worstFlushMs()).isEqualTo(4_000);
        // 32 events of 20,000 chars would be 640k; the 16k budget lets one whole text through at most
        assertThat(TaggingSettings.defaults().worstFlushMs()).isEqualTo(2 * 20_000 * 1_600 / 20_000);
        assertThat(settings(32, 64_000, 20_000, 1_600).worstFlushMs()).isEqualTo(2 * 64_000 * 1_600 / 20_000);
        // a budget below one text still lets one whole text through
        assertThat(settings(8, 1_000, 20_000, 400).worstFlushMs()).isEqualTo(800);
    }

    @Test
    void aFlushThatCouldOutlastThePollIntervalOrTheTransactionIsRefusedWithTheNumbers() {
        TaggingSettings s = settings(4, 64_000, 2_000, 500); // worst flush 4 s
        s.requireSafeFor(8_000, 8_000);
        s.requireSafeFor(8_000, 0);
        assertThatThrownBy(() -> s.requireSafeFor(7_999, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a flush can take 4000 ms").hasMessageContaining("max.poll.interval.ms=7999");
        assertThatThrownBy(() -> s.requireSafeFor(300_000, 7_999)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("transaction.timeout.ms=7999").hasMessageContaining("lower the batch size");
    }

    @Test
    void anUnsetPollTimeIsLoweredToThePunctuationIntervalSoAWaitingBatchIsNotHeldInPoll() {
        Properties props = new Properties();
        TaggingStreams.fitPollTime(props, TaggingSettings.defaults().punctuationInterval());
        assertThat(props.get(StreamsConfig.POLL_MS_CONFIG)).as("a quarter of the default 50 ms deadline").isEqualTo(12L);

        props = new Properties();
        TaggingStreams.fitPollTime(props, java.time.Duration.ofSeconds(1));
        assertThat(props.get(StreamsConfig.POLL_MS_CONFIG)).as("never above Kafka Streams' own 100 ms").isEqualTo(100L);

        props = new Properties();
        props.put(StreamsConfig.POLL_MS_CONFIG, 250);
        TaggingStreams.fitPollTime(props, java.time.Duration.ofMillis(10));
        assertThat(props.get(StreamsConfig.POLL_MS_CONFIG)).as("the application's own value is kept").isEqualTo(250);
    }

    @Test
    void theStateStoresGetOneMemoryBoundUnlessTheApplicationSetsItsOwnRocksDbSetter() {
        Properties props = new Properties();
        TaggingStreams.boundStateMemory(props);
        assertThat(props.get(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG)).isEqualTo(BoundedStateMemory.class);

        Properties bad = new Properties();
        bad.put(BoundedStateMemory.MEMORY_CONFIG, "a lot");
        assertThatThrownBy(() -> TaggingStreams.boundStateMemory(bad)).hasMessageContaining(BoundedStateMemory.MEMORY_CONFIG);

        Properties own = new Properties();
        own.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, "com.example.OwnSetter");
        own.put(BoundedStateMemory.MEMORY_CONFIG, "ignored when the setter is another");
        TaggingStreams.boundStateMemory(own);
        assertThat(own.get(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG)).isEqualTo("com.example.OwnSetter");
    }

    @Test
    void underExactlyOnceAnUnsetTransactionTimeoutIsFittedToTheWorstFlush() {
        Properties props = eos();
        TaggingStreams.fitTransactionTimeout(props, 3_200);
        assertThat(props.get(TX)).as("at least Kafka Streams' own 10 s").isEqualTo(10_000);

        props = eos();
        TaggingStreams.fitTransactionTimeout(props, 100_000);
        assertThat(props.get(TX)).as("twice the worst flush").isEqualTo(200_000);

        props = eos();
        props.put(TX, 30_000);
        TaggingStreams.fitTransactionTimeout(props, 100_000);
        assertThat(props.get(TX)).as("the application's own value is kept (and then checked)").isEqualTo(30_000);

        props = eos();
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
        TaggingStreams.fitTransactionTimeout(props, 100_000);
        assertThat(props).doesNotContainKey(TX);

        Properties tooLong = eos();
        assertThatThrownBy(() -> TaggingStreams.fitTransactionTimeout(tooLong, 500_000))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("transaction.max.timeout.ms");
    }

    private static Properties eos() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "fit");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "localhost:1");
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        return props;
    }
}
