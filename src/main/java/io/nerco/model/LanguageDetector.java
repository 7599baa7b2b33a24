package io.nerco.model;

import java.util.Locale;

/**
 * Guesses the language of a text from its script, for events that do not declare one.
 *
 * <p>Only the two languages the project ships bundles for are told apart: a text is
 * {@code zh} when its Han characters, each counted as three Latin letters (a Chinese word is
 * one to three characters, an English one about five letters), outweigh its Latin letters,
 * so a Chinese sentence that names {@code iPhone} or {@code Apple Inc.} stays Chinese; any
 * other text is {@code en}. Digits, punctuation and other scripts count for neither.
 * Stateless and thread-safe.
 */
public final class LanguageDetector {
    public static final String CHINESE = "zh";
    public static final String ENGLISH = "en";
    private static final int HAN_WEIGHT = 3;

    /** The language of {@code text}: {@link #CHINESE} or {@link #ENGLISH}. */
    public String detect(String text) {
        long han = 0;
        long latin = 0;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            i += Character.charCount(cp);
            Character.UnicodeScript script = Character.UnicodeScript.of(cp);
            if (script == Character.UnicodeScript.HAN) {
                han++;
            } else if (script == Character.UnicodeScript.LATIN && Character.isLetter(cp)) {
                latin++;
            }
        }
        return han > 0 && han * HAN_WEIGHT >= latin ? CHINESE : ENGLISH;
    }

    /**
     * The primary subtag of a BCP 47 tag, lower case ({@code zh-Hans-CN} and {@code zh_TW} give
     * {@code zh}); null for a null or blank tag.
     */
    public static String primaryLanguage(String tag) {
        if (tag == null || tag.isBlank()) {
            return null;
        }
        String trimmed = tag.strip();
        int cut = 0;
        while (cut < trimmed.length() && trimmed.charAt(cut) != '-' && trimmed.charAt(cut) != '_') {
            cut++;
        }
        return trimmed.substring(0, cut).toLowerCase(Locale.ROOT);
    }
}
