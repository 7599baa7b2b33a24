package io.nerco.model;

import java.util.Objects;

/**
 * A recognised entity.
 *
 * @param text  the entity's text, exactly {@code original.substring(start, end)}
 * @param type  entity type without position prefix, for example {@code ORG}
 * @param start offset of its first char in the original text (UTF-16 index, inclusive)
 * @param end   offset after its last char (exclusive)
 * @param score confidence in [0, 1]; see {@link Tagger} for how it is computed
 */
public record Entity(String text, String type, int start, int end, double score) {
    public Entity {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(type, "type");
        if (start < 0 || end <= start || end - start != text.length()) {
            throw new IllegalArgumentException("bad entity offsets [" + start + ", " + end + ") for '" + text + "'");
        }
        if (!(score >= 0.0 && score <= 1.0)) {
            throw new IllegalArgumentException("score outside [0, 1]: " + score);
        }
    }
}
