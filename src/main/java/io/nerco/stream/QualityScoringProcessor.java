package io.nerco.stream;

import io.nerco.avro.LabeledEvent;
import io.nerco.avro.QualityAlert;
import io.nerco.avro.QualityReport;
import io.nerco.avro.internal.BufferedLabeledEvent;
import io.nerco.eval.EvalCounts;
import io.nerco.eval.Span;
import io.nerco.eval.SpanScorer;
import io.nerco.model.BatchRouting;
import io.nerco.model.Entity;
import io.nerco.model.ModelId;
import io.nerco.model.Tagger;
import io.nerco.text.SegmentedText;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scores the model on labeled events, per tumbling event-time window.
 *
 * <ol>
 * <li>Arrival: invalid events throw {@link RejectedEventException} (dead-lettered by
 *     {@link DeadLetterProcessingHandler}); so do events whose window is already closed
 *     (reason {@code LATE}, see {@link QualitySettings} for the rule). An id already in the
 *     dedup store is not scored again; it is counted in the window's {@code duplicates}.
 *     Otherwise the id is remembered and the event buffered.</li>
 * <li>Flush, when the buffer holds a batch or its oldest event has waited the latency bound
 *     (wall clock, as the tagging topology): events are tagged in batches, each event by the
 *     bundle {@link Tagger#forDocument} routes it to (its declared language, else its
 *     script), on their gold tokens with {@link Tagger#tagSegmented} when they carry them,
 *     else with {@link Tagger#tagAll}; each is scored by {@link SpanScorer#score} and its
 *     counts added to the running sum of its window and model: with several bundles (one
 *     per language) each model has its own windows, reports and alerts, keyed by the model.
 *     A batch that fails is retried one event at a time; an event that fails alone is dead-lettered with {@code TAGGING_FAILED} and its id
 *     forgotten, so a resend is scored.</li>
 * <li>Close: when the buffer is empty (just after a flush, or at a punctuation), every window
 *     with {@code end + grace <= streamTime} is emitted as a {@link QualityReport}, followed
 *     by its {@link QualityAlert}s, and removed. This is an emit from the processor, not
 *     {@code suppress()}: like {@code suppress(untilWindowCloses)} a window is reported once,
 *     when stream time has passed its grace, so the last window waits for a later event.</li>
 * </ol>
 *
 * All state is in changelogged stores and the in-memory counters are rebuilt in {@link #init}.
 * One instance per task, created by the supplier in {@link QualityTopology}; not thread-safe.
 * The tagger is shared and closed by its creator; the stores by Kafka Streams.
 */
final class QualityScoringProcessor implements Processor<String, LabeledEvent, String, SpecificRecord> {
    private static final Logger LOG = LoggerFactory.getLogger(QualityScoringProcessor.class);
    private final QualitySettings settings;
    private final Tagger tagger;
    private final QualityAlerts alerts;
    private final StreamMetrics metrics;
    private ProcessorContext<String, SpecificRecord> context;
    private KeyValueStore<String, BufferedLabeledEvent> buffer;
    private KeyValueStore<String, Long> seen;
    private KeyValueStore<String, QualityReport> windows;
    private KeyValueStore<String, QualityReport> last;
    private long buffered;
    private long oldestBufferedAtMs;
    private long streamTime;

    QualityScoringProcessor(QualitySettings settings, Tagger tagger, StreamMetrics metrics) {
        this.settings = settings;
        this.tagger = tagger;
        this.metrics = metrics;
        this.alerts = new QualityAlerts(settings.f1Floor(), settings.maxF1Drop());
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        buffer = context.getStateStore(QualityTopology.BUFFER_STORE);
        seen = context.getStateStore(QualityTopology.SEEN_STORE);
        windows = context.getStateStore(QualityTopology.WINDOW_STORE);
        last = context.getStateStore(QualityTopology.LAST_REPORT_STORE);
        recountBuffer();
        streamTime = Long.MIN_VALUE;
        try (KeyValueIterator<String, Long> all = seen.all()) {
            all.forEachRemaining(e -> streamTime = Math.max(streamTime, e.value));
        }
        if (buffered > 0) {
            LOG.info("task {}: {} buffered labeled events restored from the changelog", context.taskId(), buffered);
        }
        context.schedule(settings.batching().punctuationInterval(), PunctuationType.WALL_CLOCK_TIME, this::punctuate);
    }

    @Override
    public void process(org.apache.kafka.streams.processor.api.Record<String, LabeledEvent> record) {
        LabeledEvent event = QualityLabeledEvents.validate(record.value(), settings.batching().maxTextChars());
        long eventTime = event.getEventTimestamp().toEpochMilli();
        long windowStart = settings.windowStart(eventTime);
        if (settings.closed(windowStart, streamTime)) {
            throw new RejectedEventException(DeadLetterReason.LATE, "event " + event.getId() + " at "
                    + Instant.ofEpochMilli(eventTime) + " belongs to the window from " + Instant.ofEpochMilli(windowStart)
                    + ", closed with a grace of " + settings.grace() + " at stream time " + Instant.ofEpochMilli(streamTime));
        }
        if (seen.get(event.getId()) != null) {
            LOG.debug("labeled event {} seen before; not scored again", event.getId());
            ModelId model = route(event).modelId();
            QualityReport window = windows.get(windowKey(windowStart, model));
            EvalCounts counts = window == null ? EvalCounts.EMPTY : QualityReports.counts(window);
            long duplicates = window == null ? 1 : window.getDuplicates() + 1;
            windows.put(windowKey(windowStart, model), report(windowStart, model, counts, duplicates));
            return;
        }
        seen.put(event.getId(), eventTime);
        streamTime = Math.max(streamTime, eventTime);
        long now = context.currentSystemTimeMs();
        Optional<RecordMetadata> metadata = context.recordMetadata();
        buffer.put(event.getId(), BufferedLabeledEvent.newBuilder()
                .setKey(record.key())
                .setEvent(event)
                .setTimestamp(record.timestamp())
                .setSourceTopic(metadata.map(RecordMetadata::topic).orElse(null))
                .setSourcePartition(metadata.map(RecordMetadata::partition).orElse(-1))
                .setSourceOffset(metadata.map(RecordMetadata::offset).orElse(-1L))
                .setBufferedAtMs(now)
                .build());
        buffered++;
        oldestBufferedAtMs = Math.min(oldestBufferedAtMs, now);
        if (buffered >= settings.batching().batchSize()) {
            flush();
            if (buffered == 0) { // a window closes only once none of its events waits in the buffer
                closeWindows();
            }
        }
    }

    private void punctuate(long now) {
        Duration waited = Duration.ofMillis(now - oldestBufferedAtMs);
        if (buffered > 0 && waited.compareTo(settings.batching().maxLatency()) >= 0) {
            flush();
        }
        if (buffered == 0) {
            closeWindows();
        }
    }

    /**
     * Tags, scores and removes the oldest batch of buffered events, then asks for a commit: one
     * batch per call, so no transaction spans two (see {@code BatchingTaggerProcessor}).
     */
    private void flush() {
        List<BufferedLabeledEvent> all = new ArrayList<>();
        try (KeyValueIterator<String, BufferedLabeledEvent> it = buffer.all()) {
            it.forEachRemaining(e -> all.add(e.value));
        }
        all.sort(Comparator.comparingLong(BufferedLabeledEvent::getBufferedAtMs)); // the store is ordered by id
        List<BufferedLabeledEvent> batch = all.subList(0,
                settings.batching().eventsInNextBatch(all.stream().map(b -> b.getEvent().getText()).toList()));
        Outcome[] outcomes = new Outcome[batch.size()];
        ModelId[] models = new ModelId[batch.size()];
        long t0 = System.nanoTime();
        BatchRouting.positionsByRoute(batch, b -> route(b.getEvent())).forEach((routed, positions) -> {
            List<Outcome> tagged = tagBatch(routed, positions.stream().map(batch::get).toList());
            for (int j = 0; j < positions.size(); j++) {
                outcomes[positions.get(j)] = tagged.get(j);
                models[positions.get(j)] = routed.modelId();
            }
        });
        metrics.recordBatch(StreamMetrics.QUALITY, batch.size(), Duration.ofNanos(System.nanoTime() - t0));
        Map<String, WindowSum> added = new TreeMap<>();
        for (int i = 0; i < batch.size(); i++) {
            BufferedLabeledEvent b = batch.get(i);
            Outcome outcome = outcomes[i];
            if (outcome.error() != null) {
                seen.delete(b.getEvent().getId()); // never scored, so a corrected resend is not a duplicate
                forwardDeadLetter(b, outcome.error());
            } else {
                EvalCounts counts = SpanScorer.score(QualityLabeledEvents.gold(b.getEvent()), outcome.predicted());
                long windowStart = settings.windowStart(b.getEvent().getEventTimestamp().toEpochMilli());
                added.merge(windowKey(windowStart, models[i]), new WindowSum(windowStart, models[i], counts), WindowSum::plus);
            }
        }
        added.forEach((key, sum) -> {
            QualityReport window = windows.get(key);
            EvalCounts total = window == null ? sum.counts() : QualityReports.counts(window).plus(sum.counts());
            windows.put(key, report(sum.windowStart(), sum.model(), total, window == null ? 0 : window.getDuplicates()));
        });
        for (BufferedLabeledEvent b : batch) {
            buffer.delete(b.getEvent().getId());
        }
        recountBuffer();
        context.commit();
    }

    /** Predicted spans or the error of one event. */
    private record Outcome(List<Span> predicted, RuntimeException error) {}

    /** Counts added to one window of one model by a flush. */
    private record WindowSum(long windowStart, ModelId model, EvalCounts counts) {
        WindowSum plus(WindowSum other) {
            return new WindowSum(windowStart, model, counts.plus(other.counts));
        }
    }

    /** The bundle that scores this event: by its declared language, else by its script. */
    private Tagger route(LabeledEvent event) {
        return tagger.forDocument(event.getText(), event.getLanguage());
    }

    /** The window store's key: window start, then model, so that each model has its own windows. */
    private static String windowKey(long windowStart, ModelId model) {
        return windowStart + "|" + QualityReports.key(model);
    }

    private static List<Outcome> tagBatch(Tagger tagger, List<BufferedLabeledEvent> batch) {
        try {
            return tagTogether(tagger, batch).stream().map(spans -> new Outcome(spans, null)).toList();
        } catch (RuntimeException batchFailure) {
            LOG.warn("batch of {} labeled events failed ({}); tagging them one at a time", batch.size(), batchFailure.toString());
            List<Outcome> outcomes = new ArrayList<>(batch.size());
            for (BufferedLabeledEvent b : batch) {
                try {
                    outcomes.add(new Outcome(tagTogether(tagger, List.of(b)).getFirst(), null));
                } catch (RuntimeException failure) {
                    outcomes.add(new Outcome(null, failure));
                }
            }
            return outcomes;
        }
    }

    /** One tagSegmented call for the events with gold tokens, one tagAll call for the rest; results in input order. */
    private static List<List<Span>> tagTogether(Tagger tagger, List<BufferedLabeledEvent> batch) {
        List<Integer> segmentedAt = new ArrayList<>();
        List<SegmentedText> segmented = new ArrayList<>();
        List<Integer> rawAt = new ArrayList<>();
        List<String> raw = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            LabeledEvent event = batch.get(i).getEvent();
            Optional<SegmentedText> tokens = QualityLabeledEvents.segmented(event);
            if (tokens.isPresent()) {
                segmentedAt.add(i);
                segmented.add(tokens.get());
            } else {
                rawAt.add(i);
                raw.add(event.getText());
            }
        }
        List<List<Span>> spans = new ArrayList<>(java.util.Collections.nCopies(batch.size(), (List<Span>) null));
        if (!segmented.isEmpty()) {
            place(spans, segmentedAt, checked(segmented.stream().map(SegmentedText::text).toList(), tagger.tagSegmented(segmented)));
        }
        if (!raw.isEmpty()) {
            place(spans, rawAt, checked(raw, tagger.tagAll(raw)));
        }
        return spans;
    }

    private static void place(List<List<Span>> spans, List<Integer> at, List<List<Span>> tagged) {
        for (int i = 0; i < at.size(); i++) {
            spans.set(at.get(i), tagged.get(i));
        }
    }

    /** The tagger's answer as spans, after checking it keeps its contract (one list per text, offsets inside it). */
    private static List<List<Span>> checked(List<String> texts, List<List<Entity>> tagged) {
        if (tagged == null || tagged.size() != texts.size()) {
            throw new IllegalStateException("tagger returned " + (tagged == null ? "null" : tagged.size() + " results")
                    + " for " + texts.size() + " texts");
        }
        List<List<Span>> out = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            List<Span> spans = new ArrayList<>(tagged.get(i).size());
            for (Entity e : tagged.get(i)) {
                if (e.end() > texts.get(i).length()) {
                    throw new IllegalStateException("tagger returned an entity [" + e.start() + ", " + e.end()
                            + ") outside a text of length " + texts.get(i).length());
                }
                spans.add(Span.of(e));
            }
            out.add(spans);
        }
        return out;
    }

    /** Emits and removes every closed window, oldest first (then by model), with its alerts. */
    private void closeWindows() {
        List<KeyValue<String, QualityReport>> closed = new ArrayList<>();
        try (KeyValueIterator<String, QualityReport> all = windows.all()) {
            all.forEachRemaining(e -> {
                if (settings.closed(e.value.getWindowStart().toEpochMilli(), streamTime)) {
                    closed.add(e);
                }
            });
        }
        if (closed.isEmpty()) {
            return;
        }
        closed.sort(Comparator.comparing((KeyValue<String, QualityReport> w) -> w.value.getWindowStart())
                .thenComparing(w -> w.key));
        for (KeyValue<String, QualityReport> window : closed) {
            QualityReport report = window.value;
            String key = QualityReports.key(report);
            long timestamp = report.getWindowEnd().toEpochMilli() - 1;
            context.forward(new org.apache.kafka.streams.processor.api.Record<String, SpecificRecord>(key, report, timestamp),
                    QualityTopology.REPORTS_SINK);
            metrics.recordQualityReport(report);
            QualityReport previous = last.get(key);
            for (QualityAlert alert : alerts.check(report, previous)) {
                LOG.warn("quality alert: {}", alert.getMessage());
                metrics.countAlert(alert);
                context.forward(new org.apache.kafka.streams.processor.api.Record<String, SpecificRecord>(key, alert, timestamp),
                        QualityTopology.ALERTS_SINK);
            }
            if (report.getDocuments() > 0) {
                last.put(key, report);
            }
            windows.delete(window.key);
        }
        forgetOldIds();
    }

    private void forgetOldIds() {
        long forgetBefore = streamTime - settings.dedupRetention().toMillis();
        List<String> old = new ArrayList<>();
        try (KeyValueIterator<String, Long> all = seen.all()) {
            all.forEachRemaining(e -> {
                if (e.value < forgetBefore) {
                    old.add(e.key);
                }
            });
        }
        old.forEach(seen::delete);
    }

    private QualityReport report(long windowStart, ModelId model, EvalCounts counts, long duplicates) {
        return QualityReports.report(windowStart, windowStart + settings.window().toMillis(), model, counts, duplicates);
    }

    private void forwardDeadLetter(BufferedLabeledEvent b, RuntimeException error) {
        LOG.warn("dead-lettering {}-{}@{}: tagging failed alone: {}", b.getSourceTopic(), b.getSourcePartition(),
                b.getSourceOffset(), error.toString());
        metrics.countDeadLetter(DeadLetterReason.TAGGING_FAILED);
        RecordHeaders headers = new RecordHeaders();
        DeadLetters.addTo(headers, new DeadLetters.Source(b.getSourceTopic(), b.getSourcePartition(), b.getSourceOffset()),
                DeadLetterReason.TAGGING_FAILED, error);
        context.forward(new org.apache.kafka.streams.processor.api.Record<String, SpecificRecord>(
                b.getKey(), b.getEvent(), b.getTimestamp(), headers), QualityTopology.DEAD_LETTER_SINK);
    }

    private void recountBuffer() {
        buffered = 0;
        oldestBufferedAtMs = Long.MAX_VALUE;
        try (KeyValueIterator<String, BufferedLabeledEvent> all = buffer.all()) {
            all.forEachRemaining(e -> {
                buffered++;
                oldestBufferedAtMs = Math.min(oldestBufferedAtMs, e.value.getBufferedAtMs());
            });
        }
    }
}
