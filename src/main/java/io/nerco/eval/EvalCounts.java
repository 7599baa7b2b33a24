package io.nerco.eval;

import java.util.Map;
import java.util.TreeMap;

/**
 * Entity-level counts per type over some documents. Immutable; {@link #plus} sums two, so
 * counts of windows, partitions or files merge into the counts of their union.
 *
 * @param documents how many documents were scored
 * @param byType    counts by entity type, sorted by type; immutable
 */
public record EvalCounts(long documents, Map<String, TypeCounts> byType) {

    public static final EvalCounts EMPTY = new EvalCounts(0, Map.of());

    public EvalCounts {
        if (documents < 0) {
            throw new IllegalArgumentException("negative document count");
        }
        byType = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(byType));
    }

    /** The sum of this and {@code other}. */
    public EvalCounts plus(EvalCounts other) {
        TreeMap<String, TypeCounts> sum = new TreeMap<>(byType);
        other.byType.forEach((type, counts) -> sum.merge(type, counts, TypeCounts::plus));
        return new EvalCounts(documents + other.documents, sum);
    }

    /** Counts over all types: conlleval's "overall" line. */
    public TypeCounts overall() {
        return byType.values().stream().reduce(TypeCounts.ZERO, TypeCounts::plus);
    }

    /** Counts of one type, zero when the type never occurred. */
    public TypeCounts of(String type) {
        return byType.getOrDefault(type, TypeCounts.ZERO);
    }
}
