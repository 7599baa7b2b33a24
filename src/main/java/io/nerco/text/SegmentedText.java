package io.nerco.text;

import java.util.List;
import java.util.Objects;

/**
 * A text with its sentences and words already found, by a {@link Segmenter} or given
 * (for example the gold tokenisation of a CoNLL file). All offsets point into {@code text}.
 */
public record SegmentedText(String text, List<Sentence> sentences) {
    public SegmentedText {
        Objects.requireNonNull(text, "text");
        sentences = List.copyOf(sentences);
        for (Sentence s : sentences) {
            if (s.end() > text.length()) {
                throw new IllegalArgumentException("sentence [" + s.start() + ", " + s.end() + ") outside text of length " + text.length());
            }
            for (Token t : s.tokens()) {
                if (!text.regionMatches(t.start(), t.text(), 0, t.text().length())) {
                    throw new IllegalArgumentException("token '" + t.text() + "' does not match the text at " + t.start());
                }
            }
        }
    }
}
