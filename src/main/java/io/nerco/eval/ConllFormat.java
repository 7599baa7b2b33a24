package io.nerco.eval;

/**
 * The column layouts the reader understands. Columns are separated by runs of spaces or
 * tabs; the word is the first column and the NER tag the last.
 */
public enum ConllFormat {

    /** CoNLL-2003: {@code token POS chunk NER}, words joined by spaces in text. */
    CONLL2003(4, " "),

    /**
     * Character data ({@code char tag}), as the Chinese sets use: the word is the first code
     * point of the first column. Weibo appends the char's position in its word as a digit
     * ({@code 科0}); like the FLAT loaders we keep only the first code point, and so also turn
     * the two U+FFFD of Weibo's broken chars into one. Chars are joined with no separator.
     */
    CHARS(2, "");

    private final int columns;
    private final String wordSeparator;

    ConllFormat(int columns, String wordSeparator) {
        this.columns = columns;
        this.wordSeparator = wordSeparator;
    }

    /** How many columns every token line has. */
    public int columns() {
        return columns;
    }

    /** What goes between two words of a sentence when the document text is built. */
    public String wordSeparator() {
        return wordSeparator;
    }

    /** The word this format reads from a line's first column. */
    String word(String firstColumn) {
        return this == CHARS ? firstColumn.substring(0, firstColumn.offsetByCodePoints(0, 1)) : firstColumn;
    }

    /**
     * Whether a first column fits this format: in {@link #CHARS} one code point, optionally followed
     * by marks that are no letters (Weibo's digits, a broken char's second U+FFFD, an emoji's
     * variation selector); a word there would otherwise be cut to its first character.
     */
    boolean accepts(String firstColumn) {
        if (this != CHARS) {
            return true;
        }
        String rest = firstColumn.substring(firstColumn.offsetByCodePoints(0, 1));
        return rest.codePoints().noneMatch(Character::isLetter);
    }

    /** The format with this many columns, or null when none has. */
    static ConllFormat withColumns(int columns) {
        for (ConllFormat f : values()) {
            if (f.columns == columns) {
                return f;
            }
        }
        return null;
    }
}
