package io.nerco.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What {@link CascadeBench} measured.
 *
 * @param documents documents per pass (CoNLL -DOCSTART- documents, else one sentence each)
 * @param words     words per pass
 * @param batchSize documents per tagging call
 * @param rows      the fast model, the accurate model, then one cascade per threshold
 */
public record CascadeReport(int documents, long words, int batchSize, List<Row> rows) {

    /**
     * @param threshold     the cascade's threshold; NaN for a model alone
     * @param deferredShare sentences the accurate model tagged, of all; NaN for a model alone
     * @param f1            entity F1, 0-100
     */
    public record Row(String label, double threshold, double deferredShare, double f1, double wordsPerSecond) {}

    public CascadeReport {
        rows = List.copyOf(rows);
        if (rows.size() < 2) {
            throw new IllegalArgumentException("a cascade report has both models' rows at least");
        }
    }

    /** The table, with each row's speed beside the fast model's and, when given, a peer's. */
    public String render(List<PeerResult> peers) {
        List<String> headers = new ArrayList<>(List.of("tagger", "sentences deferred", "F1", "words/s", "of fast"));
        peers.forEach(p -> headers.add("of " + p.name().split(" ")[0]));
        TextTable table = new TextTable(headers.toArray(String[]::new));
        double fast = rows.getFirst().wordsPerSecond();
        for (Row r : rows) {
            List<Object> cells = new ArrayList<>(List.of(r.label(),
                    TextTable.percent(r.deferredShare()),
                    TextTable.number(r.f1(), 2), TextTable.number(r.wordsPerSecond(), 0),
                    TextTable.number(r.wordsPerSecond() / fast, 3)));
            peers.forEach(p -> cells.add(TextTable.number(r.wordsPerSecond() / p.wordsPerSecond(), 3)));
            table.row(cells.toArray());
        }
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT,
                "%,d documents, %,d words, %d documents per call%n%n", documents, words, batchSize));
        out.append(table.render());
        for (PeerResult p : peers) {
            out.append(String.format(Locale.ROOT, "%s: F1 %.2f, %,.0f words/s at %d threads (its own run)%n",
                    p.name(), p.f1(), p.wordsPerSecond(), p.threads()));
        }
        return out.toString();
    }
}
