package io.nerco.stream;

import io.nerco.avro.QualityAlert;
import io.nerco.avro.QualityReport;
import io.nerco.avro.TypeQuality;
import io.nerco.model.CascadeTagger;
import io.nerco.model.LanguageRoutingTagger;
import io.nerco.model.Tagger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The process's own metrics, beside Kafka Streams' built-in ones: inference batch sizes and
 * latencies per topology, dead letters by reason, and the latest closed quality window per
 * model (per-type precision, recall, F1) with the alerts it raised. One instance per process,
 * shared by the topologies, their processors and the dead-letter handlers (which Kafka Streams
 * creates by class name, so it reaches them through the Streams config under {@link #CONFIG}).
 * Thread-safe.
 *
 * <p>Names on the {@code /metrics} page:
 * <pre>
 *  nerco_batch_size{topology}                 histogram, events per inference batch
 *  nerco_inference_seconds{topology}          histogram, tagger time per batch
 *  nerco_dead_letters_total{reason}           counter
 *  nerco_quality_precision{model,type}        gauge, latest closed window (type="overall" for all)
 *  nerco_quality_recall{model,type}           gauge
 *  nerco_quality_f1{model,type}               gauge
 *  nerco_quality_documents{model}             gauge, documents scored in that window
 *  nerco_quality_window_end_seconds{model}    gauge, end of that window (epoch seconds)
 *  nerco_quality_alerts_total{model,type,reason} counter
 *  nerco_cascade_sentences_total{model}       counter, sentences a cascade's fast model tagged
 *  nerco_cascade_deferred_sentences_total{model} counter, of those, re-tagged by its accurate model
 * </pre>
 */
public final class StreamMetrics {
    /** The Streams config key under which the instance travels to the dead-letter handlers. */
    public static final String CONFIG = "nerco.metrics.instance";
    /** The {@code topology} label of the tagging topology's samples. */
    static final String TAGGING = "tagging";
    /** The {@code topology} label of the quality topology's samples. */
    static final String QUALITY = "quality";

    private static final double[] BATCH_BOUNDS = {1, 2, 4, 8, 16, 32, 64, 128, 256};
    private static final double[] SECONDS_BOUNDS = {0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30};

    private final ConcurrentMap<String, Histogram> batchSizes = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Histogram> inferenceSeconds = new ConcurrentHashMap<>();
    private final ConcurrentMap<DeadLetterReason, LongAdder> deadLetters = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, QualityReport> latestReports = new ConcurrentHashMap<>();
    private final ConcurrentMap<List<String>, LongAdder> alerts = new ConcurrentHashMap<>();
    private final Set<CascadeTagger> cascades = ConcurrentHashMap.newKeySet();

    /** The instance in a Streams config map, or a new one nobody reads when the config has none (tests, tools). */
    static StreamMetrics from(Map<String, ?> configs) {
        return configs.get(CONFIG) instanceof StreamMetrics metrics ? metrics : new StreamMetrics();
    }

    /** One inference batch of {@code size} events that took {@code elapsed} in the tagger. */
    void recordBatch(String topology, int size, Duration elapsed) {
        batchSizes.computeIfAbsent(topology, t -> new Histogram(BATCH_BOUNDS)).observe(size);
        inferenceSeconds.computeIfAbsent(topology, t -> new Histogram(SECONDS_BOUNDS)).observe(elapsed.toNanos() / 1e9);
    }

    void countDeadLetter(DeadLetterReason reason) {
        deadLetters.computeIfAbsent(reason, r -> new LongAdder()).increment();
    }

    /** A closed quality window; it replaces the model's previous one on the page. */
    void recordQualityReport(QualityReport report) {
        latestReports.put(report.getModelName() + ":" + report.getModelVersion(), report);
    }

    void countAlert(QualityAlert alert) {
        alerts.computeIfAbsent(List.of(alert.getModelName() + ":" + alert.getModelVersion(), alert.getType(),
                alert.getReason().name()), k -> new LongAdder()).increment();
    }

    /** Reports the sentences of every cascade inside {@code tagger} (itself, or one per language). */
    void watchCascades(Tagger tagger) {
        if (tagger instanceof CascadeTagger cascade) {
            cascades.add(cascade);
        } else if (tagger instanceof LanguageRoutingTagger routing) {
            routing.models().keySet().forEach(language -> watchCascades(routing.forDocument("", language)));
        }
    }

    /** Dead letters counted so far for {@code reason}. */
    long deadLetters(DeadLetterReason reason) {
        LongAdder count = deadLetters.get(reason);
        return count == null ? 0 : count.sum();
    }

    /** Adds every metric to {@code page}. */
    void writeTo(PrometheusText page) {
        batchSizes.forEach((topology, h) -> page.histogram("nerco_batch_size", "Events per inference batch.",
                Map.of("topology", topology), h));
        inferenceSeconds.forEach((topology, h) -> page.histogram("nerco_inference_seconds",
                "Time the tagger took for one batch, in seconds.", Map.of("topology", topology), h));
        for (DeadLetterReason reason : DeadLetterReason.values()) {
            page.counter("nerco_dead_letters_total", "Records sent to the dead-letter topic, by reason.",
                    Map.of("reason", reason.name()), deadLetters(reason));
        }
        for (CascadeTagger cascade : cascades) {
            Map<String, String> model = Map.of("model", cascade.fast().modelId().name() + ":" + cascade.fast().modelId().version());
            page.counter("nerco_cascade_sentences_total", "Sentences a cascade's fast model tagged.", model, cascade.sentences());
            page.counter("nerco_cascade_deferred_sentences_total",
                    "Of those, the sentences its accurate model tagged again.", model, cascade.deferred());
        }
        latestReports.forEach((model, report) -> writeQuality(page, model, report));
        alerts.forEach((key, count) -> {
            Map<String, String> labels = new LinkedHashMap<>(); // a fixed label order, unlike Map.of
            labels.put("model", key.get(0));
            labels.put("type", key.get(1));
            labels.put("reason", key.get(2));
            page.counter("nerco_quality_alerts_total", "Quality alerts raised, by model, type and reason.", labels, count.sum());
        });
    }

    private static void writeQuality(PrometheusText page, String model, QualityReport report) {
        List<TypeQuality> lines = new ArrayList<>(report.getByType().size() + 1);
        lines.add(report.getOverall());
        lines.addAll(report.getByType());
        for (TypeQuality line : lines) {
            Map<String, String> labels = new java.util.LinkedHashMap<>();
            labels.put("model", model);
            labels.put("type", line.getType());
            page.gauge("nerco_quality_precision", "Precision of the latest closed quality window.", labels, line.getPrecision());
            page.gauge("nerco_quality_recall", "Recall of the latest closed quality window.", labels, line.getRecall());
            page.gauge("nerco_quality_f1", "F1 of the latest closed quality window.", labels, line.getF1());
        }
        page.gauge("nerco_quality_documents", "Documents scored in the latest closed quality window.",
                Map.of("model", model), report.getDocuments());
        page.gauge("nerco_quality_window_end_seconds", "End of the latest closed quality window, seconds since the epoch.",
                Map.of("model", model), report.getWindowEnd().toEpochMilli() / 1000.0);
    }
}
