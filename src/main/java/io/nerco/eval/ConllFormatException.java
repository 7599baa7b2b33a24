package io.nerco.eval;

/**
 * A CoNLL file that cannot be read as labeled sentences: a line with the wrong number of
 * columns, a tag outside the scheme, a document without sentences, bytes that are not UTF-8.
 * The message starts with {@code source:line:} so editors and terminals can jump to it.
 */
public final class ConllFormatException extends RuntimeException {

    private final String source;
    private final int line;

    /**
     * @param source the file or stream name, never null
     * @param line   1-based line number of the offending line
     * @param reason what is wrong, without location
     */
    public ConllFormatException(String source, int line, String reason) {
        this(source, line, reason, null);
    }

    public ConllFormatException(String source, int line, String reason, Throwable cause) {
        super(source + ":" + line + ": " + reason, cause);
        this.source = source;
        this.line = line;
    }

    /** The file or stream name given to the reader. */
    public String source() {
        return source;
    }

    /** 1-based line number of the offending line. */
    public int line() {
        return line;
    }
}
