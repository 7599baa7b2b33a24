package io.nerco.stream;

import io.nerco.avro.Entity;
import io.nerco.avro.EntityMention;
import io.nerco.avro.EntityRecord;
import io.nerco.avro.TextEvent;
import io.nerco.avro.Timings;
import io.nerco.avro.internal.BufferedEvent;
import io.nerco.avro.internal.BufferedHeader;
import io.nerco.model.BatchRouting;
import io.nerco.model.ModelId;
import io.nerco.model.Tagger;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Validates text events, buffers them in a changelogged store and tags them in batches: when
 * the buffer reaches the batch size, or when a wall-clock punctuator finds the oldest event
 * older than the latency bound. Each accepted event yields exactly one {@link EntityRecord}
 * (same key, timestamp and headers as the input) and one {@link EntityMention} per entity.
 * An invalid event throws {@link RejectedEventException} before it is buffered (Kafka
 * Streams dead-letters it through {@link DeadLetterProcessingHandler}); if a batch fails,
 * it is tagged again one event at a time and the events that fail alone are forwarded to
 * the dead-letter sink with reason {@code TAGGING_FAILED}.
 *
 * <p>One batch per call, then a commit is requested: under exactly-once everything sent since
 * the last commit, the buffer's changelog writes included, is one transaction, so two batches
 * tagged in one call would hold it open for both. Events left over (a buffer restored from the
 * changelog, or a batch cut short by its character budget) go in the next call; the
 * punctuator comes back every {@link TaggingSettings#punctuationInterval()}. With several bundles (one per
 * language, {@link io.nerco.model.LanguageRoutingTagger}) a batch is split by the bundle each
 * event goes to, and each record names the model that tagged it.
 *
 * <p>One instance per task, created by the supplier in {@link TaggingTopology}; not
 * thread-safe. The tagger is shared and closed by its creator; the store by Kafka Streams.
 */
final class BatchingTaggerProcessor implements Processor<String, TextEvent, String, SpecificRecord> {
    private static final Logger LOG = LoggerFactory.getLogger(BatchingTaggerProcessor.class);

    private final TaggingSettings settings;
    private final Tagger tagger;
    private final String storeName;
    private final StreamMetrics metrics;
    private ProcessorContext<String, SpecificRecord> context;
    private EventBuffer buffer;

    BatchingTaggerProcessor(TaggingSettings settings, Tagger tagger, String storeName, StreamMetrics metrics) {
        this.settings = settings;
        this.tagger = tagger;
        this.storeName = storeName;
        this.metrics = metrics;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        KeyValueStore<Long, BufferedEvent> store = context.getStateStore(storeName);
        buffer = new EventBuffer(store);
        long restored = buffer.recount();
        if (restored > 0) {
            LOG.info("task {}: {} buffered events restored from the changelog", context.taskId(), restored);
        }
        context.schedule(settings.punctuationInterval(), PunctuationType.WALL_CLOCK_TIME, this::flushIfOverdue);
    }

    @Override
    public void process(org.apache.kafka.streams.processor.api.Record<String, TextEvent> record) {
        TextEvent event = validate(record.value());
        long now = context.currentSystemTimeMs();
        Optional<RecordMetadata> metadata = context.recordMetadata();
        buffer.append(BufferedEvent.newBuilder()
                .setKey(record.key())
                .setEvent(event)
                .setTimestamp(record.timestamp())
                .setHeaders(toBuffered(record.headers()))
                .setSourceTopic(metadata.map(RecordMetadata::topic).orElse(null))
                .setSourcePartition(metadata.map(RecordMetadata::partition).orElse(-1))
                .setSourceOffset(metadata.map(RecordMetadata::offset).orElse(-1L))
                .setBufferedAtMs(now)
                .build());
        if (buffer.size() >= settings.batchSize()) {
            flushOldest(now);
        }
    }

    private TextEvent validate(TextEvent event) {
        if (event == null) {
            throw new RejectedEventException(DeadLetterReason.NULL_VALUE, "record has no value");
        }
        String text = event.getText();
        if (text == null || text.isBlank()) {
            throw new RejectedEventException(DeadLetterReason.MISSING_TEXT, "event " + event.getId() + " has no text");
        }
        if (text.length() > settings.maxTextChars()) {
            throw new RejectedEventException(DeadLetterReason.TEXT_TOO_LONG, "event " + event.getId() + " has "
                    + text.length() + " chars, the limit is " + settings.maxTextChars());
        }
        return event;
    }

    private void flushIfOverdue(long now) {
        Duration waited = Duration.ofMillis(now - buffer.oldestBufferedAtMs());
        if (buffer.size() > 0 && waited.compareTo(settings.maxLatency()) >= 0) {
            flushOldest(now);
        }
    }

    private void flushOldest(long flushStartMs) {
        List<KeyValue<Long, BufferedEvent>> oldest = buffer.oldest(settings.batchSize());
        List<KeyValue<Long, BufferedEvent>> batch = oldest.subList(0,
                settings.eventsInNextBatch(oldest.stream().map(e -> e.value.getEvent().getText()).toList()));
        Map<Tagger, List<Integer>> byModel = BatchRouting.positionsByRoute(batch,
                e -> tagger.forDocument(e.value.getEvent().getText(), e.value.getEvent().getLanguage()));
        Outcome[] outcomes = new Outcome[batch.size()];
        ModelId[] models = new ModelId[batch.size()];
        long t0 = System.nanoTime();
        byModel.forEach((routed, positions) -> {
            List<Outcome> tagged = tagBatch(routed, positions.stream().map(i -> batch.get(i).value.getEvent().getText()).toList());
            for (int j = 0; j < positions.size(); j++) {
                outcomes[positions.get(j)] = tagged.get(j);
                models[positions.get(j)] = routed.modelId();
            }
        });
        long inferenceNanos = System.nanoTime() - t0;
        long inferenceMs = inferenceNanos / 1_000_000;
        metrics.recordBatch(StreamMetrics.TAGGING, batch.size(), Duration.ofNanos(inferenceNanos));
        for (int i = 0; i < batch.size(); i++) {
            BufferedEvent buffered = batch.get(i).value;
            Outcome outcome = outcomes[i];
            if (outcome.error() != null) {
                forwardDeadLetter(buffered, outcome.error());
            } else {
                Timings timings = new Timings(Math.max(0, flushStartMs - buffered.getBufferedAtMs()), inferenceMs, batch.size());
                forwardEntities(buffered, outcome.entities(), models[i], timings);
            }
        }
        buffer.remove(batch);
        context.commit();
    }

    /** Entities or the error of one event. */
    private record Outcome(List<io.nerco.model.Entity> entities, RuntimeException error) {}

    /** Tags texts that share a model in one call; when the call fails, each text alone, so one bad event fails alone. */
    private static List<Outcome> tagBatch(Tagger tagger, List<String> texts) {
        try {
            List<List<io.nerco.model.Entity>> tagged = checked(texts, tagger.tagAll(texts));
            return tagged.stream().map(entities -> new Outcome(entities, null)).toList();
        } catch (RuntimeException batchFailure) {
            LOG.warn("batch of {} failed ({}); tagging its events one at a time", texts.size(), batchFailure.toString());
            List<Outcome> outcomes = new ArrayList<>(texts.size());
            for (String text : texts) {
                try {
                    outcomes.add(new Outcome(checked(List.of(text), tagger.tagAll(List.of(text))).getFirst(), null));
                } catch (RuntimeException failure) {
                    outcomes.add(new Outcome(null, failure));
                }
            }
            return outcomes;
        }
    }

    /** The tagger's answer, after checking it keeps its contract (one list per text, offsets into the text). */
    private static List<List<io.nerco.model.Entity>> checked(List<String> texts, List<List<io.nerco.model.Entity>> tagged) {
        if (tagged == null || tagged.size() != texts.size()) {
            throw new IllegalStateException("tagger returned " + (tagged == null ? "null" : tagged.size() + " results")
                    + " for " + texts.size() + " texts");
        }
        for (int i = 0; i < texts.size(); i++) {
            String text = texts.get(i);
            for (io.nerco.model.Entity entity : tagged.get(i)) {
                if (entity.end() > text.length() || !text.startsWith(entity.text(), entity.start())) {
                    throw new IllegalStateException("tagger returned an entity [" + entity.start() + ", " + entity.end()
                            + ") that does not match the text");
                }
            }
        }
        return tagged;
    }

    private void forwardEntities(BufferedEvent buffered, List<io.nerco.model.Entity> found, ModelId model, Timings timings) {
        TextEvent event = buffered.getEvent();
        List<Entity> entities = found.stream()
                .map(e -> new Entity(e.type(), e.text(), e.start(), e.end(), e.score()))
                .toList();
        EntityRecord out = EntityRecord.newBuilder()
                .setEventId(event.getId())
                .setSource(event.getSource())
                .setEntities(entities)
                .setModelName(model.name())
                .setModelVersion(model.version())
                .setTimings(timings)
                .build();
        context.forward(new org.apache.kafka.streams.processor.api.Record<String, SpecificRecord>(
                buffered.getKey(), out, buffered.getTimestamp(), fromBuffered(buffered.getHeaders())),
                TaggingTopology.ENTITIES_SINK);
        for (io.nerco.model.Entity e : found) {
            EntityMention mention = EntityMention.newBuilder()
                    .setType(e.type())
                    .setText(e.text())
                    .setNormalizedText(Mentions.normalize(e.text()))
                    .setStart(e.start())
                    .setEnd(e.end())
                    .setScore(e.score())
                    .setEventId(event.getId())
                    .setSource(event.getSource())
                    .setEventTimestamp(event.getEventTimestamp())
                    .setContext(Mentions.context(event.getText(), e.start(), e.end(), settings.contextChars()))
                    .setModelName(model.name())
                    .setModelVersion(model.version())
                    .build();
            context.forward(new org.apache.kafka.streams.processor.api.Record<String, SpecificRecord>(
                    Mentions.key(e.type(), e.text()), mention, buffered.getTimestamp(), fromBuffered(buffered.getHeaders())),
                    TaggingTopology.MENTIONS_SINK);
        }
    }

    private void forwardDeadLetter(BufferedEvent buffered, RuntimeException error) {
        LOG.warn("dead-lettering {}-{}@{}: tagging failed alone: {}", buffered.getSourceTopic(),
                buffered.getSourcePartition(), buffered.getSourceOffset(), error.toString());
        metrics.countDeadLetter(DeadLetterReason.TAGGING_FAILED);
        Headers headers = fromBuffered(buffered.getHeaders());
        DeadLetters.addTo(headers, new DeadLetters.Source(buffered.getSourceTopic(), buffered.getSourcePartition(),
                buffered.getSourceOffset()), DeadLetterReason.TAGGING_FAILED, error);
        context.forward(new org.apache.kafka.streams.processor.api.Record<String, SpecificRecord>(
                buffered.getKey(), buffered.getEvent(), buffered.getTimestamp(), headers),
                TaggingTopology.DEAD_LETTER_SINK);
    }

    private static List<BufferedHeader> toBuffered(Headers headers) {
        List<BufferedHeader> copy = new ArrayList<>();
        for (Header header : headers) {
            copy.add(new BufferedHeader(header.key(), header.value() == null ? null : ByteBuffer.wrap(header.value().clone())));
        }
        return copy;
    }

    private static Headers fromBuffered(List<BufferedHeader> buffered) {
        RecordHeaders headers = new RecordHeaders();
        for (BufferedHeader header : buffered) {
            ByteBuffer value = header.getValue();
            byte[] bytes = null;
            if (value != null) {
                bytes = new byte[value.remaining()];
                value.duplicate().get(bytes);
            }
            headers.add(header.getKey(), bytes);
        }
        return headers;
    }
}
