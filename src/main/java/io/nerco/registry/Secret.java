package io.nerco.registry;

import java.util.Arrays;
import java.util.Objects;

/**
 * A password or other secret that never shows itself: {@link #toString()} prints a mask, so
 * records and messages that hold one cannot leak it by accident. Immutable and thread-safe.
 */
public final class Secret {
    private final char[] value;

    private Secret(char[] value) {
        this.value = value.clone();
    }

    /** Wraps {@code value} (not null). */
    public static Secret of(String value) {
        return new Secret(Objects.requireNonNull(value, "value").toCharArray());
    }

    /** The secret itself, as a fresh copy the caller may wipe. */
    public char[] reveal() {
        return value.clone();
    }

    /** The secret as a string; for APIs that take nothing else (an HTTP header). */
    public String revealString() {
        return new String(value);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Secret s && Arrays.equals(value, s.value);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "[hidden]";
    }
}
