package io.nerco.eval;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Scores predicted spans against gold spans with conlleval's semantics: a prediction is
 * correct only when a gold span has the same type and the same boundaries. Spans are a
 * multiset: a gold span is matched by at most one prediction. Works on char spans of a
 * document, so it gives conlleval's counts whenever the spans come from tags over the same
 * tokens. Stateless and thread-safe; used by {@code nerco eval} and the quality topology.
 */
public final class SpanScorer {

    private SpanScorer() {
    }

    /**
     * Scores one document.
     *
     * @param gold      its gold spans, none null
     * @param predicted its predicted spans, none null
     * @return counts with {@code documents == 1}
     */
    public static EvalCounts score(Collection<Span> gold, Collection<Span> predicted) {
        Map<Span, Integer> unmatchedPredicted = new HashMap<>();
        for (Span p : predicted) {
            unmatchedPredicted.merge(p, 1, Integer::sum);
        }
        Map<String, long[]> counts = new TreeMap<>(); // tp, fp, fn, partial, confusion
        List<Span> unmatchedGold = new ArrayList<>();
        for (Span g : gold) {
            Integer left = unmatchedPredicted.get(g);
            if (left != null) {
                counts(counts, g.type())[0]++;
                if (left == 1) {
                    unmatchedPredicted.remove(g);
                } else {
                    unmatchedPredicted.put(g, left - 1);
                }
            } else {
                unmatchedGold.add(g);
            }
        }
        unmatchedPredicted.forEach((p, n) -> counts(counts, p.type())[1] += n);
        for (Span g : unmatchedGold) {
            long[] c = counts(counts, g.type());
            c[2]++;
            boolean partial = false;
            boolean confused = false;
            for (Span p : unmatchedPredicted.keySet()) {
                if (p.overlaps(g)) {
                    if (p.type().equals(g.type())) {
                        partial = true;
                    } else if (p.start() == g.start() && p.end() == g.end()) {
                        confused = true;
                    }
                }
            }
            c[3] += partial ? 1 : 0;
            c[4] += confused ? 1 : 0;
        }
        Map<String, TypeCounts> byType = new TreeMap<>();
        counts.forEach((type, c) -> byType.put(type, new TypeCounts(c[0], c[1], c[2], c[3], c[4])));
        return new EvalCounts(1, byType);
    }

    /**
     * Scores documents pairwise and sums the counts.
     *
     * @param gold      gold spans per document
     * @param predicted predicted spans per document, same size and order as {@code gold}
     */
    public static EvalCounts scoreAll(List<? extends Collection<Span>> gold, List<? extends Collection<Span>> predicted) {
        if (gold.size() != predicted.size()) {
            throw new IllegalArgumentException(gold.size() + " gold documents but " + predicted.size() + " predicted");
        }
        EvalCounts total = EvalCounts.EMPTY;
        for (int i = 0; i < gold.size(); i++) {
            total = total.plus(score(gold.get(i), predicted.get(i)));
        }
        return total;
    }

    private static long[] counts(Map<String, long[]> counts, String type) {
        return counts.computeIfAbsent(type, t -> new long[5]);
    }
}
