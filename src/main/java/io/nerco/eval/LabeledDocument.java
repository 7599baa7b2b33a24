package io.nerco.eval;

import io.nerco.text.SegmentedText;
import java.util.List;
import java.util.Objects;

/**
 * A document with its gold entities: the text, its gold sentence and word segmentation, and
 * the gold spans as char ranges of the text.
 *
 * @param id        stable name, for example {@code dev.txt#12}; never null
 * @param segmented the text and its gold tokenisation; never null
 * @param gold      gold spans in text order, each inside the text; immutable
 */
public record LabeledDocument(String id, SegmentedText segmented, List<Span> gold) {
    public LabeledDocument {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(segmented, "segmented");
        gold = List.copyOf(gold);
        for (Span s : gold) {
            if (s.end() > segmented.text().length()) {
                throw new IllegalArgumentException("gold span " + s + " outside text of length " + segmented.text().length());
            }
        }
    }

    /** The document's text. */
    public String text() {
        return segmented.text();
    }
}
