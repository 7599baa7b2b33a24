package io.nerco.text;

import java.util.Objects;

/**
 * One word of a text with its character offsets into the original string.
 *
 * @param text  the word, exactly {@code original.substring(start, end)}; never null or empty
 * @param start offset of the first char (UTF-16 index, inclusive)
 * @param end   offset after the last char (exclusive)
 */
public record Token(String text, int start, int end) {
    public Token {
        Objects.requireNonNull(text, "text");
        if (start < 0 || end <= start || end - start != text.length()) {
            throw new IllegalArgumentException("bad token offsets [" + start + ", " + end + ") for '" + text + "'");
        }
    }
}
