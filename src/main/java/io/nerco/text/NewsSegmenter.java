package io.nerco.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rule-based segmenter for news text in any script, CoNLL-style: punctuation is its own
 * token, words keep inner hyphens, apostrophes and periods of abbreviations, numbers keep
 * their separators, URLs and e-mail addresses stay whole. Han, Hiragana, Katakana, Thai,
 * Lao, Khmer and Myanmar characters are one token each, since those scripts do not mark
 * word boundaries with spaces.
 *
 * <p>Whitespace, control characters and unpaired surrogates separate tokens and are never
 * part of one, so every token is well-formed UTF-16. Emoji, including ZWJ sequences,
 * variation selectors and skin-tone modifiers, form one token per sequence; combining marks
 * stay with their base character. Sentences end after {@code . ! ?} (and their full-width
 * forms) followed by a closing quote or bracket at most, then whitespace, except after a
 * known abbreviation or an initial; a line break ends a sentence too. Linear time.
 *
 * <p>Thread-safe and stateless.
 */
public final class NewsSegmenter implements Segmenter {

    private static final Pattern URL = Pattern.compile(
            "\\G(?:(?:https?|ftp)://|www\\.)[^\\s<>\"\\p{Cc}]*[^\\s<>\"\\p{Cc}.,;:!?)\\]'}]");
    private static final Pattern EMAIL = Pattern.compile(
            "\\G[\\p{L}\\p{N}._%+-]+@[\\p{L}\\p{N}-]+(?:\\.[\\p{L}\\p{N}-]+)+");
    private static final Pattern NUMBER = Pattern.compile(
            "\\G\\p{Nd}+(?:[.,:/]\\p{Nd}+)*");
    private static final Set<String> ABBREVIATIONS = Set.of(
            "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "gen", "col", "lt", "sgt", "capt", "gov", "sen",
            "rep", "rev", "hon", "pres", "inc", "ltd", "co", "corp", "bros", "vs", "etc", "no", "nos", "vol",
            "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
            "mt", "ft", "ave", "blvd", "dept", "univ", "approx", "est", "fig", "e.g", "i.e", "u.s", "u.k",
            "u.n", "a.m", "p.m");

    @Override
    public List<Sentence> segment(String text) {
        List<Token> tokens = new ArrayList<>();
        List<Integer> sentenceEndsAfter = new ArrayList<>();
        int i = 0;
        int n = text.length();
        Matcher url = URL.matcher(text);
        Matcher email = EMAIL.matcher(text);
        Matcher number = NUMBER.matcher(text);
        while (i < n) {
            int cp = text.codePointAt(i);
            int len = Character.charCount(cp);
            if (isSeparator(text, i, cp)) {
                if (cp == '\n' && !tokens.isEmpty()) {
                    markEnd(sentenceEndsAfter, tokens.size() - 1);
                }
                i += len;
                continue;
            }
            int end;
            if (isUnsegmentedScript(cp)) {
                end = extendMarks(text, i + len);
            } else if (isEmojiStart(cp)) {
                end = emojiSequenceEnd(text, i);
            } else if (Character.isLetterOrDigit(cp) || Character.getType(cp) == Character.NON_SPACING_MARK) {
                end = wordEnd(text, i, url, email, number);
            } else {
                end = extendMarks(text, i + len);
            }
            Token token = new Token(text.substring(i, end), i, end);
            tokens.add(token);
            if (endsSentence(text, tokens, end)) {
                markEnd(sentenceEndsAfter, closingPunctuationEnd(text, end, tokens));
            }
            i = end;
        }
        return group(tokens, sentenceEndsAfter);
    }

    private static void markEnd(List<Integer> ends, int tokenIndex) {
        if (ends.isEmpty() || ends.getLast() != tokenIndex) {
            ends.add(tokenIndex);
        }
    }

    private static List<Sentence> group(List<Token> tokens, List<Integer> endsAfter) {
        List<Sentence> sentences = new ArrayList<>();
        int from = 0;
        for (int end : endsAfter) {
            if (end >= from) {
                sentences.add(sentence(tokens.subList(from, end + 1)));
                from = end + 1;
            }
        }
        if (from < tokens.size()) {
            sentences.add(sentence(tokens.subList(from, tokens.size())));
        }
        return sentences;
    }

    private static Sentence sentence(List<Token> tokens) {
        return new Sentence(tokens.getFirst().start(), tokens.getLast().end(), tokens);
    }

    /** A word: letters, digits and marks, with inner hyphens, apostrophes and abbreviation periods. */
    private static int wordEnd(String text, int start, Matcher url, Matcher email, Matcher number) {
        if (lookingAt(url, start)) {
            return url.end();
        }
        if (lookingAt(email, start)) {
            return email.end();
        }
        int n = text.length();
        int i = start;
        if (lookingAt(number, start)) {
            i = number.end();
        }
        while (i < n) {
            int cp = text.codePointAt(i);
            if (isWordChar(cp)) {
                i += Character.charCount(cp);
            } else if ((cp == '-' || cp == '\'' || cp == '\u2019' || cp == '&') && i + 1 < n
                    && isWordChar(text.codePointAt(i + 1)) && i > start) {
                i += 1;
            } else if (cp == '.' && isAbbreviationPeriod(text, start, i)) {
                i += 1;
            } else {
                break;
            }
        }
        return i;
    }

    /** "U.S." and "J." keep their periods: a single letter before the period. */
    private static boolean isAbbreviationPeriod(String text, int wordStart, int period) {
        int segmentStart = period;
        while (segmentStart > wordStart && text.charAt(segmentStart - 1) != '.') {
            segmentStart--;
        }
        boolean singleLetter = period - segmentStart == 1 && Character.isLetter(text.charAt(segmentStart));
        if (singleLetter && Character.isUpperCase(text.charAt(segmentStart))) {
            return true;
        }
        String word = text.substring(wordStart, period).toLowerCase(java.util.Locale.ROOT);
        return ABBREVIATIONS.contains(word);
    }

    private static boolean lookingAt(Matcher m, int at) {
        m.region(at, m.regionEnd());
        return m.lookingAt();
    }

    private static boolean endsSentence(String text, List<Token> tokens, int end) {
        Token last = tokens.getLast();
        String t = last.text();
        boolean terminal = t.equals(".") || t.equals("!") || t.equals("?") || t.equals("\u3002")
                || t.equals("\uFF01") || t.equals("\uFF1F") || t.equals("...") || t.equals("\u2026");
        boolean abbreviationAtEnd = t.endsWith(".") && t.length() > 1 && nextIsSentenceStart(text, end);
        if (!terminal && !abbreviationAtEnd) {
            return false;
        }
        if (t.equals("\u3002") || t.equals("\uFF01") || t.equals("\uFF1F")) {
            return true;
        }
        return nextIsSentenceStart(text, skipClosers(text, end));
    }

    /** After a terminator: whitespace then an upper-case letter, digit, quote or end of text. */
    private static boolean nextIsSentenceStart(String text, int from) {
        int i = from;
        if (i >= text.length()) {
            return true;
        }
        if (!Character.isWhitespace(text.charAt(i))) {
            return false;
        }
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        if (i >= text.length()) {
            return true;
        }
        int cp = text.codePointAt(i);
        return !Character.isLowerCase(cp);
    }

    private static int skipClosers(String text, int from) {
        int i = from;
        while (i < text.length() && isCloser(text.charAt(i))) {
            i++;
        }
        return i;
    }

    private static boolean isCloser(char c) {
        return c == '"' || c == '\'' || c == ')' || c == ']' || c == '\u201D' || c == '\u2019' || c == '\u00BB';
    }

    /** Index of the last token of the sentence: the terminator or the closers right after it. */
    private static int closingPunctuationEnd(String text, int end, List<Token> tokens) {
        return tokens.size() - 1 + (skipClosers(text, end) - end);
    }

    private static boolean isWordChar(int cp) {
        if (isUnsegmentedScript(cp) || isEmojiStart(cp)) {
            return false;
        }
        int type = Character.getType(cp);
        return Character.isLetterOrDigit(cp) || type == Character.NON_SPACING_MARK
                || type == Character.COMBINING_SPACING_MARK || type == Character.ENCLOSING_MARK
                || cp == '\u200C' || cp == '\u200D';
    }

    private static boolean isSeparator(String text, int i, int cp) {
        if (Character.isWhitespace(cp) || Character.isSpaceChar(cp) || Character.isISOControl(cp)) {
            return true;
        }
        int type = Character.getType(cp);
        if (type == Character.FORMAT && cp != '\u200D') {
            return true;
        }
        return Character.isSurrogate(text.charAt(i));
    }

    private static int extendMarks(String text, int from) {
        int i = from;
        while (i < text.length()) {
            int cp = text.codePointAt(i);
            int type = Character.getType(cp);
            if (type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK
                    || type == Character.ENCLOSING_MARK || isEmojiModifier(cp)) {
                i += Character.charCount(cp);
            } else {
                break;
            }
        }
        return i;
    }

    private static boolean isUnsegmentedScript(int cp) {
        Character.UnicodeScript script = Character.UnicodeScript.of(cp);
        return switch (script) {
            case HAN, HIRAGANA, KATAKANA, THAI, LAO, KHMER, MYANMAR, TIBETAN -> true;
            default -> false;
        };
    }

    private static boolean isEmojiStart(int cp) {
        return (cp >= 0x1F000 && cp <= 0x1FAFF) || (cp >= 0x2600 && cp <= 0x27BF) || (cp >= 0x1F1E6 && cp <= 0x1F1FF);
    }

    private static boolean isEmojiModifier(int cp) {
        return (cp >= 0x1F3FB && cp <= 0x1F3FF) || cp == 0xFE0F || cp == 0xFE0E || cp == 0x20E3
                || (cp >= 0xE0020 && cp <= 0xE007F);
    }

    /** An emoji with its modifiers and ZWJ-joined continuations, or a regional-indicator pair. */
    private static int emojiSequenceEnd(String text, int start) {
        int first = text.codePointAt(start);
        int i = start + Character.charCount(first);
        if (first >= 0x1F1E6 && first <= 0x1F1FF && i < text.length()) {
            int next = text.codePointAt(i);
            if (next >= 0x1F1E6 && next <= 0x1F1FF) {
                return i + Character.charCount(next);
            }
        }
        i = extendMarks(text, i);
        while (i + 1 < text.length() && text.charAt(i) == '\u200D') {
            int next = text.codePointAt(i + 1);
            if (!isEmojiStart(next)) {
                break;
            }
            i = extendMarks(text, i + 1 + Character.charCount(next));
        }
        return i;
    }
}
