package io.nerco.bench;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Entity-level precision, recall and F1 with conlleval semantics: a chunk starts at B-X, or at
 * I-X after O or after another type (so IOB1 and IO input score as conlleval scores them), and
 * a predicted chunk counts only when its start, end and type all match a gold chunk.
 *
 * <p>The benchmark's own scorer for the peer comparison, until io.nerco.eval's lands. Immutable.
 *
 * @param correct   chunks predicted exactly
 * @param predicted chunks predicted
 * @param gold      chunks in the gold tags
 */
public record ConllevalScore(long correct, long predicted, long gold) {

    /** A chunk: [start, end) over word positions, and its type. */
    record Chunk(int start, int end, String type) {}

    public double precision() {
        return predicted == 0 ? 0 : 100.0 * correct / predicted;
    }

    public double recall() {
        return gold == 0 ? 0 : 100.0 * correct / gold;
    }

    public double f1() {
        double p = precision();
        double r = recall();
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    /** Adds another count, for summing sentences. */
    public ConllevalScore plus(ConllevalScore other) {
        return new ConllevalScore(correct + other.correct, predicted + other.predicted, gold + other.gold);
    }

    /**
     * Scores one sentence.
     *
     * @param goldTags      gold tags, not null
     * @param predictedTags predicted tags, same length
     */
    public static ConllevalScore of(List<String> goldTags, List<String> predictedTags) {
        if (goldTags.size() != predictedTags.size()) {
            throw new IllegalArgumentException(goldTags.size() + " gold tags but " + predictedTags.size() + " predicted");
        }
        Set<Chunk> goldChunks = new HashSet<>(chunks(goldTags));
        List<Chunk> predictedChunks = chunks(predictedTags);
        long correct = predictedChunks.stream().filter(goldChunks::contains).count();
        return new ConllevalScore(correct, predictedChunks.size(), goldChunks.size());
    }

    static List<Chunk> chunks(List<String> tags) {
        List<Chunk> out = new ArrayList<>();
        String type = "";
        int start = -1;
        for (int i = 0; i <= tags.size(); i++) {
            String tag = i < tags.size() ? tags.get(i) : "O";
            int dash = tag.indexOf('-');
            String p = tag.equals("O") ? "O" : dash < 0 ? "I" : tag.substring(0, dash);
            String t = tag.equals("O") ? "" : dash < 0 ? tag : tag.substring(dash + 1);
            boolean ends = start >= 0 && (p.equals("O") || p.equals("B") || !t.equals(type));
            if (ends) {
                out.add(new Chunk(start, i, type));
                start = -1;
            }
            if (!p.equals("O") && (start < 0 || p.equals("B"))) {
                start = i;
            }
            type = t;
        }
        return out;
    }
}
