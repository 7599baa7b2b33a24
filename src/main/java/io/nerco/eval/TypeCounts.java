package io.nerco.eval;

/**
 * Entity-level counts for one type (or all types), with conlleval's scores.
 *
 * @param truePositives   predicted spans with exactly a gold span's type and boundaries
 * @param falsePositives  predicted spans that match no gold span exactly
 * @param falseNegatives  gold spans that no predicted span matches exactly
 * @param partialMatches  of the false negatives, those overlapping an unmatched predicted
 *                        span of the same type (boundary errors); for diagnosis only
 * @param typeConfusions  of the false negatives, those whose exact boundaries were predicted
 *                        with another type; for diagnosis only
 */
public record TypeCounts(long truePositives, long falsePositives, long falseNegatives,
                         long partialMatches, long typeConfusions) {

    public static final TypeCounts ZERO = new TypeCounts(0, 0, 0, 0, 0);

    public TypeCounts {
        if (truePositives < 0 || falsePositives < 0 || falseNegatives < 0 || partialMatches < 0 || typeConfusions < 0) {
            throw new IllegalArgumentException("negative count");
        }
    }

    /** Sum of both; counts are additive over documents and windows. */
    public TypeCounts plus(TypeCounts o) {
        return new TypeCounts(truePositives + o.truePositives, falsePositives + o.falsePositives,
                falseNegatives + o.falseNegatives, partialMatches + o.partialMatches, typeConfusions + o.typeConfusions);
    }

    /** Gold spans: TP + FN. */
    public long gold() {
        return truePositives + falseNegatives;
    }

    /** Predicted spans: TP + FP. */
    public long predicted() {
        return truePositives + falsePositives;
    }

    /** TP / (TP + FP), 0 when nothing was predicted (as conlleval). */
    public double precision() {
        return ratio(truePositives, predicted());
    }

    /** TP / (TP + FN), 0 when there is no gold span (as conlleval). */
    public double recall() {
        return ratio(truePositives, gold());
    }

    /** Harmonic mean of precision and recall, 0 when both are 0. */
    public double f1() {
        double p = precision();
        double r = recall();
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    private static double ratio(long num, long den) {
        return den == 0 ? 0 : (double) num / den;
    }
}
