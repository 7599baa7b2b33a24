package io.nerco.stream;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/** Keys and context snippets of entity mentions. Stateless and thread-safe. */
final class Mentions {
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    private Mentions() {
    }

    /** NFKC, lower case (root locale), whitespace runs collapsed to one space, trimmed. */
    static String normalize(String text) {
        String folded = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        return WHITESPACE.matcher(folded).replaceAll(" ").strip();
    }

    /** The mention topic's key: {@code TYPE|normalised text}. */
    static String key(String type, String text) {
        return type + "|" + normalize(text);
    }

    /**
     * Up to {@code chars} characters each side of {@code [start, end)}, widened no further
     * than that, cut back to a word boundary where the cut falls inside a word, with
     * whitespace runs (newlines too) shown as one space.
     */
    static String context(String text, int start, int end, int chars) {
        int from = Math.max(0, start - chars);
        int to = Math.min(text.length(), end + chars);
        if (from > 0 && !Character.isWhitespace(text.charAt(from - 1))) {
            int space = indexOfWhitespace(text, from, start);
            from = space < 0 ? from : space + 1;
        }
        if (to < text.length() && !Character.isWhitespace(text.charAt(to))) {
            int space = lastIndexOfWhitespace(text, end, to);
            to = space < 0 ? to : space;
        }
        return WHITESPACE.matcher(text.substring(from, to)).replaceAll(" ").strip();
    }

    private static int indexOfWhitespace(String text, int from, int until) {
        for (int i = from; i < until; i++) {
            if (Character.isWhitespace(text.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    private static int lastIndexOfWhitespace(String text, int from, int until) {
        for (int i = until - 1; i >= from; i--) {
            if (Character.isWhitespace(text.charAt(i))) {
                return i;
            }
        }
        return -1;
    }
}
