package io.nerco.bench;

import io.nerco.eval.EvalCounts;
import io.nerco.eval.LabeledDocument;
import io.nerco.eval.TaggerEvaluation;
import io.nerco.model.CascadeTagger;
import io.nerco.model.OnnxTagger;
import io.nerco.model.Tagger;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/**
 * A fast and an accurate model alone and as {@link CascadeTagger}s at several thresholds, on
 * the same labeled documents in the same run: F1 on gold tokens, the share of sentences
 * deferred to the accurate model, and words per second through the {@code Tagger} API
 * (segmentation given; batching, both models' sessions, decoding and scoring included). Each
 * figure is the median of {@code repeat} timed passes after {@code warmup} untimed ones.
 */
public record CascadeBench(List<Double> thresholds, int batchSize, int warmup, int repeat) {

    public CascadeBench {
        thresholds = List.copyOf(thresholds);
        if (batchSize < 1 || warmup < 0 || repeat < 1) {
            throw new IllegalArgumentException("batch size and repeat must be at least 1, warm-up at least 0");
        }
    }

    /** @param words words in {@code docs}, for the rate */
    public CascadeReport run(OnnxTagger fast, OnnxTagger accurate, List<LabeledDocument> docs, long words, PrintStream log) {
        List<CascadeReport.Row> rows = new ArrayList<>();
        rows.add(measure("fast alone: " + fast.modelId().name(), Double.NaN, fast, docs, words, log));
        rows.add(measure("accurate alone: " + accurate.modelId().name(), Double.NaN, accurate, docs, words, log));
        for (double threshold : thresholds) {
            rows.add(measure("cascade below " + threshold, threshold, new CascadeTagger(fast, accurate, threshold), docs,
                    words, log));
        }
        return new CascadeReport(docs.size(), words, batchSize, rows);
    }

    private CascadeReport.Row measure(String label, double threshold, Tagger tagger, List<LabeledDocument> docs,
            long words, PrintStream log) {
        TaggerEvaluation evaluation = new TaggerEvaluation(tagger, batchSize);
        EvalCounts counts = null;
        for (int i = 0; i < warmup; i++) {
            counts = evaluation.evaluate(docs);
        }
        long[] nanos = new long[repeat];
        for (int i = 0; i < repeat; i++) {
            long start = System.nanoTime();
            counts = evaluation.evaluate(docs);
            nanos[i] = System.nanoTime() - start;
        }
        double seconds = Stopwatch.medianSeconds(nanos);
        double deferredShare = tagger instanceof CascadeTagger cascade
                ? (double) cascade.deferred() / cascade.sentences() : Double.NaN;
        CascadeReport.Row row = new CascadeReport.Row(label, threshold, deferredShare, 100 * counts.overall().f1(),
                words / seconds);
        log.printf("%s: F1 %.2f, %,.0f words/s%n", label, row.f1(), row.wordsPerSecond());
        return row;
    }
}
