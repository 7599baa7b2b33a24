package io.nerco.eval;

import java.util.List;
import java.util.Objects;

/**
 * One sentence of a CoNLL file: its words and their tags, already converted to IOB2.
 *
 * @param words the words in order; immutable, never empty, none empty
 * @param tags  one IOB2 tag per word ({@code O}, {@code B-X}, {@code I-X}); every I-X
 *              continues a chunk of type X, because the reader repairs chunk-starting I-
 * @param line  1-based line number of the sentence's first token in its source
 */
public record ConllSentence(List<String> words, List<String> tags, int line) {
    public ConllSentence {
        words = List.copyOf(words);
        tags = List.copyOf(tags);
        if (words.isEmpty()) {
            throw new IllegalArgumentException("a sentence has at least one word");
        }
        if (words.size() != tags.size()) {
            throw new IllegalArgumentException(words.size() + " words but " + tags.size() + " tags");
        }
        for (String w : words) {
            if (Objects.requireNonNull(w, "word").isEmpty()) {
                throw new IllegalArgumentException("empty word in sentence at line " + line);
            }
        }
    }

    /** Number of words. */
    public int size() {
        return words.size();
    }
}
