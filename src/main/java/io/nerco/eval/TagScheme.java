package io.nerco.eval;

import java.util.Set;

/**
 * Tag schemes of the NER column. The reader converts each to IOB2 (BIO), the scheme the
 * rest of the project works in. A tag is {@code O} or {@code P-TYPE} with a one-letter
 * prefix P from {@link #prefixes()} and a non-empty type, which may itself contain dashes
 * or dots ({@code B-PER.NAM}).
 */
public enum TagScheme {

    /** IOB2/BIO: every chunk starts with B-. */
    IOB2(Set.of('B', 'I')),

    /**
     * IOB1, as in the original CoNLL-2003 release: chunks start with I-, and B- only marks a
     * chunk that directly follows one of the same type.
     */
    IOB1(Set.of('B', 'I')),

    /** BIOES and BMES (M is I): B begin, I/M inside, E end, S single. */
    BIOES(Set.of('B', 'I', 'M', 'E', 'S'));

    private final Set<Character> prefixes;

    TagScheme(Set<Character> prefixes) {
        this.prefixes = prefixes;
    }

    /** The position prefixes a tag of this scheme may carry. */
    public Set<Character> prefixes() {
        return prefixes;
    }

    /** Parses a scheme name as users write it: IOB2, BIO, IOB1, BIOES, BMES, IOBES (any case). */
    public static TagScheme parse(String name) {
        return switch (name.toUpperCase(java.util.Locale.ROOT)) {
            case "IOB2", "BIO" -> IOB2;
            case "IOB1", "IOB" -> IOB1;
            case "BIOES", "BMES", "IOBES" -> BIOES;
            default -> throw new IllegalArgumentException("unknown tag scheme '" + name + "' (IOB2, BIO, IOB1, BIOES, BMES)");
        };
    }
}
