package io.nerco.bench;

import java.util.List;

/**
 * One sentence of a column file: its words and, where the file has a label column, one
 * gold tag per word (empty list when unlabeled). Immutable.
 */
public record LabeledSentence(List<String> words, List<String> tags) {

    public LabeledSentence {
        words = List.copyOf(words);
        tags = List.copyOf(tags);
        if (words.isEmpty()) {
            throw new IllegalArgumentException("a sentence has at least one word");
        }
        if (!tags.isEmpty() && tags.size() != words.size()) {
            throw new IllegalArgumentException(words.size() + " words but " + tags.size() + " tags");
        }
    }

    public boolean labeled() {
        return !tags.isEmpty();
    }
}
