package io.nerco.bench;

import java.util.Locale;

/**
 * How far a bundle is from dominating a peer on both axes at once (at least as accurate and at
 * least as fast): the F1 points it must gain and the factor by which it must speed up. Immutable.
 *
 * @param f1Difference bundle F1 minus peer F1, points (negative: the bundle is less accurate)
 * @param speedRatio   bundle words/s over peer words/s (below 1: the bundle is slower)
 */
public record DominanceGap(double f1Difference, double speedRatio) {

    public static DominanceGap of(double bundleF1, double bundleWordsPerSecond, PeerResult peer) {
        return new DominanceGap(bundleF1 - peer.f1(), bundleWordsPerSecond / peer.wordsPerSecond());
    }

    public boolean dominates() {
        return f1Difference >= 0 && speedRatio >= 1;
    }

    /** "dominates", or what is missing: "needs +1.66 F1 and x5.39 speed". */
    public String describe() {
        if (Double.isNaN(f1Difference) || Double.isNaN(speedRatio)) {
            return "-";
        }
        if (dominates()) {
            return "dominates";
        }
        StringBuilder needs = new StringBuilder("needs");
        if (f1Difference < 0) {
            needs.append(String.format(Locale.ROOT, " +%.2f F1", -f1Difference));
        }
        if (speedRatio < 1) {
            needs.append(f1Difference < 0 ? " and" : "").append(String.format(Locale.ROOT, " x%.2f speed", 1 / speedRatio));
        }
        return needs.toString();
    }
}
