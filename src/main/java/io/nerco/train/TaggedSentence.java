package io.nerco.train;

import java.util.List;

/**
 * Words of one sentence with their BIO (IOB2) tags.
 *
 * @param words never empty
 * @param tags  one per word
 */
public record TaggedSentence(List<String> words, List<String> tags) {
    public TaggedSentence {
        words = List.copyOf(words);
        tags = List.copyOf(tags);
        if (words.isEmpty() || words.size() != tags.size()) {
            throw new IllegalArgumentException("need as many tags as words, at least one: "
                    + words.size() + " words, " + tags.size() + " tags");
        }
    }
}
