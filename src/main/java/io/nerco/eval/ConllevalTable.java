package io.nerco.eval;

import java.util.Locale;
import java.util.Map;

/**
 * Formats counts the way conlleval prints them: a summary line, then precision, recall and
 * FB1 in percent for all types and per type, with the number of predicted phrases last.
 */
public final class ConllevalTable {

    private ConllevalTable() {
    }

    /**
     * @param counts the counts to print
     * @param tokens tokens processed, for the summary line
     * @return the table, lines ending in {@code \n}
     */
    public static String format(EvalCounts counts, long tokens) {
        TypeCounts all = counts.overall();
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "processed %d tokens with %d phrases; found: %d phrases; correct: %d.\n",
                tokens, all.gold(), all.predicted(), all.truePositives()));
        line(out, "overall", all);
        for (Map.Entry<String, TypeCounts> e : counts.byType().entrySet()) {
            line(out, e.getKey(), e.getValue());
        }
        return out.toString();
    }

    private static void line(StringBuilder out, String name, TypeCounts c) {
        out.append(String.format(Locale.ROOT, "%17s: precision: %6.2f%%; recall: %6.2f%%; FB1: %6.2f  %d\n",
                name, 100 * c.precision(), 100 * c.recall(), 100 * c.f1(), c.predicted()));
    }
}
