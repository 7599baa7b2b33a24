package io.nerco.text;

import java.util.List;

/**
 * A sentence of a text: its span in the original string and its words.
 *
 * @param start  offset of the sentence's first char
 * @param end    offset after its last char
 * @param tokens its words in order, all inside [start, end); immutable, never empty
 */
public record Sentence(int start, int end, List<Token> tokens) {
    public Sentence {
        tokens = List.copyOf(tokens);
        if (tokens.isEmpty()) {
            throw new IllegalArgumentException("a sentence has at least one token");
        }
        if (start > tokens.getFirst().start() || end < tokens.getLast().end()) {
            throw new IllegalArgumentException("tokens lie outside the sentence [" + start + ", " + end + ")");
        }
    }
}
