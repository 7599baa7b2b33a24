package io.nerco.model;

/** A document over the tagger's configured length limit; nothing of it was tagged. */
public final class TextTooLongException extends IllegalArgumentException {

    public TextTooLongException(int length, int limit) {
        super("text of " + length + " chars exceeds the limit of " + limit + " chars");
    }
}
