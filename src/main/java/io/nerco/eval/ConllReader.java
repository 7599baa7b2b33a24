package io.nerco.eval;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reads CoNLL-style NER files into documents of sentences with IOB2 tags.
 *
 * <p>What a file may contain: token lines of {@link ConllFormat#columns()} columns separated
 * by runs of spaces or tabs; blank (or whitespace-only) lines between sentences, where a run
 * of them counts as one; {@code -DOCSTART-} lines that start documents; LF or CRLF line ends
 * and a leading byte-order mark. Anything else is a {@link ConllFormatException} naming the
 * file and line: a token line with another column count, a tag that is neither {@code O} nor
 * {@code P-TYPE} with a prefix of the scheme, a {@code -DOCSTART-} with no sentence before the
 * next one, bytes that are not UTF-8.
 *
 * <p>Tag conversion to IOB2 follows conlleval's chunk rules: a chunk starts at B-X, or at a
 * continuation tag (I-X, and in BIOES also M-X and E-X) that follows O, another type, or
 * (BIOES) a chunk already closed by E- or S-; that tag becomes B-X. In IOB1 this is the
 * ordinary conversion; in IOB2 and BIOES it is a repair of malformed data, counted in
 * {@link ConllCorpus#repairs()}. BIOES S-X becomes B-X, and M-X/E-X that continue a chunk
 * become I-X.
 *
 * <p>Detection, when the format or scheme is not given: the format from the first token
 * line's column count (4: CoNLL-2003, 2: chars); the scheme BIOES when any tag has an M, E
 * or S prefix, else IOB1 when more chunks start with I- than with B-, else IOB2.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class ConllReader {

    private static final Pattern COLUMN_SEPARATOR = Pattern.compile("[ \t]+");
    private static final String DOCSTART = "-DOCSTART-";

    private final ConllFormat format;
    private final TagScheme scheme;

    /**
     * @param format the column layout, or null to detect it
     * @param scheme the tag scheme, or null to detect it
     */
    public ConllReader(ConllFormat format, TagScheme scheme) {
        this.format = format;
        this.scheme = scheme;
    }

    /** A reader that detects both format and scheme. */
    public static ConllReader detecting() {
        return new ConllReader(null, null);
    }

    /** Reads a UTF-8 file; the file name is the source in error messages. */
    public ConllCorpus read(Path file) throws IOException {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(in, file.toString());
        }
    }

    /**
     * Reads a whole stream; the caller closes {@code in}.
     *
     * @param source name for error messages, for example the file name
     */
    public ConllCorpus read(Reader in, String source) throws IOException {
        RawFile raw = new RawFile(source, format);
        BufferedReader lines = in instanceof BufferedReader b ? b : new BufferedReader(in);
        int lineNumber = 0;
        try {
            for (String line; (line = lines.readLine()) != null; ) {
                lineNumber++;
                if (lineNumber == 1 && line.startsWith("\uFEFF")) {
                    line = line.substring(1);
                }
                raw.accept(line, lineNumber);
            }
        } catch (CharacterCodingException e) {
            throw new ConllFormatException(source, lineNumber + 1, "not UTF-8: " + e.getMessage(), e);
        }
        raw.finish();
        TagScheme fileScheme = scheme != null ? scheme : detectScheme(raw.documents);
        return toCorpus(raw, fileScheme);
    }

    /** Reads a file, wrapping I/O failures for callers that have no checked exceptions. */
    public ConllCorpus readUnchecked(Path file) {
        try {
            return read(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private ConllCorpus toCorpus(RawFile raw, TagScheme fileScheme) {
        int repairs = 0;
        List<ConllDocument> documents = new ArrayList<>(raw.documents.size());
        for (RawDocument rd : raw.documents) {
            List<ConllSentence> sentences = new ArrayList<>(rd.sentences.size());
            for (List<RawToken> rs : rd.sentences) {
                List<String> words = new ArrayList<>(rs.size());
                List<String> tags = new ArrayList<>(rs.size());
                char previous = 'O';
                String previousType = null;
                for (RawToken t : rs) {
                    if (t.prefix != 'O' && !fileScheme.prefixes().contains(t.prefix)) {
                        throw new ConllFormatException(raw.source, t.line,
                                "tag '" + t.tag() + "' has a prefix outside " + fileScheme + " " + fileScheme.prefixes());
                    }
                    words.add(t.word);
                    if (t.prefix == 'O') {
                        tags.add("O");
                    } else if (startsChunk(fileScheme, previous, previousType, t)) {
                        if (isContinuation(t.prefix) && fileScheme != TagScheme.IOB1) {
                            repairs++;
                        }
                        tags.add("B-" + t.type);
                    } else {
                        tags.add("I-" + t.type);
                    }
                    previous = t.prefix;
                    previousType = t.type;
                }
                sentences.add(new ConllSentence(words, tags, rs.getFirst().line));
            }
            documents.add(new ConllDocument(sentences, rd.line));
        }
        return new ConllCorpus(raw.source, raw.format == null ? ConllFormat.CONLL2003 : raw.format,
                fileScheme, raw.documentMarkers, documents, repairs);
    }

    private static boolean isContinuation(char prefix) {
        return prefix == 'I' || prefix == 'M' || prefix == 'E';
    }

    /** conlleval's startOfChunk, with BIOES's E and S closing the chunk they end. */
    private static boolean startsChunk(TagScheme scheme, char previous, String previousType, RawToken t) {
        if (!isContinuation(t.prefix)) {
            return true; // B or S
        }
        if (previous == 'O' || !t.type.equals(previousType)) {
            return true;
        }
        return scheme == TagScheme.BIOES && (previous == 'E' || previous == 'S');
    }

    private static TagScheme detectScheme(List<RawDocument> documents) {
        long beginTags = 0;
        long insideStarts = 0;
        for (RawDocument d : documents) {
            for (List<RawToken> s : d.sentences) {
                char previous = 'O';
                String previousType = null;
                for (RawToken t : s) {
                    switch (t.prefix) {
                        case 'M', 'E', 'S' -> {
                            return TagScheme.BIOES;
                        }
                        case 'B' -> beginTags++;
                        case 'I' -> {
                            if (previous == 'O' || !t.type.equals(previousType)) {
                                insideStarts++;
                            }
                        }
                        default -> { }
                    }
                    previous = t.prefix;
                    previousType = t.type;
                }
            }
        }
        return insideStarts > beginTags ? TagScheme.IOB1 : TagScheme.IOB2;
    }

    /** One token line before tag conversion; prefix 'O' for the O tag. */
    private record RawToken(String word, char prefix, String type, int line) {
        String tag() {
            return prefix == 'O' ? "O" : prefix + "-" + type;
        }
    }

    private static final class RawDocument {
        final int line;
        final List<List<RawToken>> sentences = new ArrayList<>();

        RawDocument(int line) {
            this.line = line;
        }
    }

    /** Pass one: lines into documents of sentences of raw tokens. */
    private static final class RawFile {
        final String source;
        ConllFormat format;
        boolean documentMarkers;
        final List<RawDocument> documents = new ArrayList<>();
        RawDocument document;
        List<RawToken> sentence = new ArrayList<>();

        RawFile(String source, ConllFormat format) {
            this.source = source;
            this.format = format;
        }

        void accept(String line, int lineNumber) {
            String trimmed = line.strip();
            if (trimmed.isEmpty()) {
                endSentence();
                return;
            }
            String[] columns = COLUMN_SEPARATOR.split(line, -1);
            if (columns[0].equals(DOCSTART)) {
                endSentence();
                closeDocument("the next -DOCSTART- at line " + lineNumber);
                documentMarkers = true;
                document = new RawDocument(lineNumber);
                return;
            }
            if (format == null) {
                format = ConllFormat.withColumns(columns.length);
                if (format == null) {
                    throw new ConllFormatException(source, lineNumber, "cannot tell the format from " + columns.length
                            + " columns (4: CoNLL-2003 'token POS chunk NER', 2: 'char tag'): '" + line + "'");
                }
            }
            if (columns.length != format.columns() || columns[0].isEmpty() || columns[columns.length - 1].isEmpty()) {
                throw new ConllFormatException(source, lineNumber, "expected " + format.columns() + " columns separated by"
                        + " spaces or tabs (" + format + "), found " + columns.length + ": '" + line + "'");
            }
            if (document == null) {
                document = new RawDocument(lineNumber);
            }
            if (!format.accepts(columns[0])) {
                throw new ConllFormatException(source, lineNumber, "token '" + columns[0] + "' is a word, but a 2-column"
                        + " file is read as one character per line ('char tag', the Chinese sets); write words in the"
                        + " 4-column CoNLL-2003 layout 'token POS chunk NER' (POS and chunk may be '_')");
            }
            sentence.add(token(format.word(columns[0]), columns[columns.length - 1], lineNumber));
        }

        RawToken token(String word, String tag, int lineNumber) {
            if (tag.equals("O")) {
                return new RawToken(word, 'O', null, lineNumber);
            }
            if (tag.length() < 3 || tag.charAt(1) != '-' || "BIMES".indexOf(tag.charAt(0)) < 0) {
                throw new ConllFormatException(source, lineNumber,
                        "unknown tag '" + tag + "': expected O or B-, I-, M-, E-, S- followed by a type");
            }
            return new RawToken(word, tag.charAt(0), tag.substring(2), lineNumber);
        }

        void endSentence() {
            if (!sentence.isEmpty()) {
                document.sentences.add(sentence);
                sentence = new ArrayList<>();
            }
        }

        /** @param next what ends the document, for the error message */
        void closeDocument(String next) {
            if (document == null) {
                return;
            }
            if (document.sentences.isEmpty()) {
                throw new ConllFormatException(source, document.line, "-DOCSTART- without any sentence before " + next);
            }
            documents.add(document);
        }

        void finish() {
            endSentence();
            closeDocument("the end of the file");
        }
    }
}
