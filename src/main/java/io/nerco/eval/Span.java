package io.nerco.eval;

import io.nerco.model.Entity;
import java.util.Objects;

/**
 * An entity mention as the scorer sees it: a type and a char range of a document's text.
 *
 * @param type  entity type without position prefix, for example {@code ORG}; never null or empty
 * @param start offset of the first char (UTF-16 index, inclusive), at least 0
 * @param end   offset after the last char (exclusive), greater than start
 */
public record Span(String type, int start, int end) implements Comparable<Span> {
    public Span {
        Objects.requireNonNull(type, "type");
        if (type.isEmpty()) {
            throw new IllegalArgumentException("empty span type");
        }
        if (start < 0 || end <= start) {
            throw new IllegalArgumentException("bad span offsets [" + start + ", " + end + ")");
        }
    }

    /** The span of a tagger's entity. */
    public static Span of(Entity entity) {
        return new Span(entity.type(), entity.start(), entity.end());
    }

    /** Whether the two ranges share at least one char (types are not compared). */
    public boolean overlaps(Span other) {
        return start < other.end && other.start < end;
    }

    /** Text order: by start, then end, then type. */
    @Override
    public int compareTo(Span o) {
        int c = Integer.compare(start, o.start);
        if (c == 0) {
            c = Integer.compare(end, o.end);
        }
        return c != 0 ? c : type.compareTo(o.type);
    }
}
