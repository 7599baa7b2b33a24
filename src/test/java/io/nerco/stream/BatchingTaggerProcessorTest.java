package io.nerco.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.nerco.avro.EntityRecord;
import io.nerco.avro.TextEvent;
import io.nerco.avro.internal.BufferedEvent;
import io.nerco.model.Tagger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedForward;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The processor alone: buffer recount after a restart and the punctuator fired by hand. */
class BatchingTaggerProcessorTest {
    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private final CapitalisedWordTagger tagger = new CapitalisedWordTagger();
    private MockProcessorContext<String, SpecificRecord> context;
    private KeyValueStore<Long, BufferedEvent> store;

    @BeforeEach
    void setUp() {
        context = new MockProcessorContext<>();
        context.setCurrentSystemTimeMs(1_000);
        store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(TaggingTopology.STORE), Serdes.Long(),
                new StoreValueSerde<>(BufferedEvent.class)).withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
    }

    private static TextEvent event(String id) {
        return TextEvent.newBuilder().setId(id).setSource("wire").setText("Report " + id)
                .setEventTimestamp(T0).setAttributes(Map.of()).build();
    }

    private static BufferedEvent buffered(String id, long bufferedAt) {
        return BufferedEvent.newBuilder().setKey(id).setEvent(event(id)).setTimestamp(42).setSourceTopic("text-events")
                .setSourcePartition(0).setSourceOffset(7).setBufferedAtMs(bufferedAt).build();
    }

    private BatchingTaggerProcessor processor(int batchSize, Duration maxLatency) {
        var processor = new BatchingTaggerProcessor(TaggingSettings.defaults().withBatching(batchSize, maxLatency),
                tagger, TaggingTopology.STORE, new StreamMetrics());
        processor.init(context);
        return processor;
    }

    private List<String> entityKeys() {
        return context.forwarded().stream()
                .filter(f -> f.childName().orElseThrow().equals(TaggingTopology.ENTITIES_SINK))
                .map(f -> (String) f.record().key()).toList();
    }

    @Test
    void recountsEventsRestoredFromTheChangelogSoTheNextRecordCompletesTheBatch() {
        // As left by a crashed instance: two events in the store, sequence numbers 5 and 6.
        store.put(5L, buffered("restored-1", 0));
        store.put(6L, buffered("restored-2", 0));

        var processor = processor(3, Duration.ofHours(1));
        assertThat(context.forwarded()).isEmpty();
        processor.process(new Record<>("fresh", event("fresh"), 43));

        assertThat(entityKeys()).containsExactly("restored-1", "restored-2", "fresh");
        assertThat(tagger.batchSizes()).containsExactly(3);
        assertThat(context.forwarded().getFirst().record().timestamp()).as("original timestamp").isEqualTo(42);
        assertThat(store.approximateNumEntries()).isZero();
    }

    @Test
    void newEventsAreStoredAfterTheRestoredOnesSoNoneIsOverwritten() {
        store.put(9L, buffered("restored", 0));
        var processor = processor(10, Duration.ofHours(1));
        processor.process(new Record<>("fresh", event("fresh"), 43));
        assertThat(store.get(9L).getKey()).isEqualTo("restored");
        assertThat(store.get(10L).getKey()).isEqualTo("fresh");
    }

    @Test
    void punctuatorFlushesRestoredEventsOnceTheyAreOverdue() {
        store.put(0L, buffered("restored", 1_000));
        processor(10, Duration.ofMillis(500));
        var punctuator = context.scheduledPunctuators().getFirst();
        assertThat(punctuator.getInterval()).isEqualTo(Duration.ofMillis(125));

        punctuator.getPunctuator().punctuate(1_400);
        assertThat(entityKeys()).isEmpty();
        punctuator.getPunctuator().punctuate(1_500);

        assertThat(entityKeys()).containsExactly("restored");
        CapturedForward<? extends String, ? extends SpecificRecord> out = context.forwarded().getFirst();
        assertThat(((EntityRecord) out.record().value()).getEventId()).isEqualTo("restored");
    }

    @Test
    void aFullBatchIsTaggedOnlyUpToTheCharacterBudgetAndTheRestWaits() {
        // each text is "Report x", 8 chars: a budget of 20 takes two of the three
        var processor = new BatchingTaggerProcessor(TaggingSettings.defaults().withBatching(3, Duration.ofHours(1))
                .withMaxBatchChars(20), tagger, TaggingTopology.STORE, new StreamMetrics());
        processor.init(context);
        for (String id : List.of("a", "b", "c")) {
            processor.process(new Record<>(id, event(id), 1));
        }
        assertThat(tagger.batchSizes()).containsExactly(2);
        assertThat(entityKeys()).containsExactly("a", "b");
        assertThat(store.approximateNumEntries()).isEqualTo(1);
    }

    @Test
    void aBatchIsSplitByTheBundleEachEventIsRoutedToAndEachRecordNamesItsModel() {
        CapitalisedWordTagger english = new CapitalisedWordTagger("english-model");
        CapitalisedWordTagger chinese = new CapitalisedWordTagger("chinese-model");
        Tagger byLanguage = new DeclaredLanguageRouter(english, chinese);
        var processor = new BatchingTaggerProcessor(TaggingSettings.defaults().withBatching(3, Duration.ofHours(1)),
                byLanguage, TaggingTopology.STORE, new StreamMetrics());
        processor.init(context);
        processor.process(new Record<>("a", event("a"), 1));
        processor.process(new Record<>("b", TextEvent.newBuilder(event("b")).setLanguage("zh").build(), 2));
        processor.process(new Record<>("c", event("c"), 3));

        List<String> models = context.forwarded().stream()
                .filter(f -> f.childName().orElseThrow().equals(TaggingTopology.ENTITIES_SINK))
                .map(f -> ((EntityRecord) f.record().value()).getModelName()).toList();
        assertThat(entityKeys()).containsExactly("a", "b", "c");
        assertThat(models).containsExactly("english-model", "chinese-model", "english-model");
        assertThat(english.batchSizes()).containsExactly(2);
        assertThat(chinese.batchSizes()).containsExactly(1);
    }
}
