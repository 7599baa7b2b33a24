package io.nerco.stream;

import io.nerco.avro.QualityReport;
import io.nerco.avro.TypeQuality;
import io.nerco.eval.EvalCounts;
import io.nerco.eval.TypeCounts;
import io.nerco.model.ModelId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Converts between {@link EvalCounts} (what {@code SpanScorer} and {@code nerco eval}
 * produce) and the Avro {@link QualityReport}, both ways without loss of counts, so a window's
 * running sum can live in a state store as a report. Stateless and thread-safe.
 */
final class QualityReports {
    /** The type name of the all-types line, as in conlleval. */
    static final String OVERALL = "overall";

    private QualityReports() {
    }

    /** The report of a window; scores are computed from the counts as {@link TypeCounts} does. */
    static QualityReport report(long windowStartMs, long windowEndMs, ModelId model, EvalCounts counts, long duplicates) {
        List<TypeQuality> byType = new ArrayList<>(counts.byType().size());
        counts.byType().forEach((type, c) -> byType.add(typeQuality(type, c)));
        return QualityReport.newBuilder()
                .setWindowStart(Instant.ofEpochMilli(windowStartMs))
                .setWindowEnd(Instant.ofEpochMilli(windowEndMs))
                .setModelName(model.name())
                .setModelVersion(model.version())
                .setDocuments(counts.documents())
                .setDuplicates(duplicates)
                .setOverall(typeQuality(OVERALL, counts.overall()))
                .setByType(byType)
                .build();
    }

    /** The counts of a report, per type. */
    static EvalCounts counts(QualityReport report) {
        Map<String, TypeCounts> byType = new TreeMap<>();
        for (TypeQuality q : report.getByType()) {
            byType.put(q.getType(), new TypeCounts(q.getTruePositives(), q.getFalsePositives(), q.getFalseNegatives(),
                    q.getPartialMatches(), q.getTypeConfusions()));
        }
        return new EvalCounts(report.getDocuments(), byType);
    }

    /** Counts and scores of one type. */
    static TypeQuality typeQuality(String type, TypeCounts c) {
        return TypeQuality.newBuilder()
                .setType(type)
                .setTruePositives(c.truePositives())
                .setFalsePositives(c.falsePositives())
                .setFalseNegatives(c.falseNegatives())
                .setPartialMatches(c.partialMatches())
                .setTypeConfusions(c.typeConfusions())
                .setPrecision(c.precision())
                .setRecall(c.recall())
                .setF1(c.f1())
                .build();
    }

    /** The output key of a model's reports and alerts, and its key in the last-report store. */
    static String key(ModelId model) {
        return model.name() + ":" + model.version();
    }

    /** The key of the model that this report scores. */
    static String key(QualityReport report) {
        return key(new ModelId(report.getModelName(), report.getModelVersion()));
    }
}
