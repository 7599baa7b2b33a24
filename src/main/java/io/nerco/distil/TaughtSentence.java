package io.nerco.distil;

import java.util.List;

/**
 * One sentence of a student's training data with its teacher's view of it.
 *
 * @param words     the words, never empty
 * @param tags      one IOB2 tag per word: the gold tag, or the teacher's Viterbi tag where no gold exists
 * @param gold      whether {@code tags} are gold (a labelled corpus) or the teacher's (unlabelled text)
 * @param emissions one row of the teacher's label scores per word, in {@link TeacherLabels#labels()} order
 */
public record TaughtSentence(List<String> words, List<String> tags, boolean gold, float[][] emissions) {
    public TaughtSentence {
        words = List.copyOf(words);
        tags = List.copyOf(tags);
        if (words.isEmpty() || tags.size() != words.size() || emissions.length != words.size()) {
            throw new IllegalArgumentException("need one tag and one emission row per word, at least one word: "
                    + words.size() + " words, " + tags.size() + " tags, " + emissions.length + " rows");
        }
    }
}
