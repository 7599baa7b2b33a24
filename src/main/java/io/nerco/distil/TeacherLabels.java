package io.nerco.distil;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.nerco.model.BundleManifest;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A student's training data as its teacher saw it: the teacher's labels and CRF, and per
 * sentence its words, tags and the teacher's word emissions. Immutable once read.
 *
 * <p>The file, UTF-8 text: a first line {@value #MAGIC}; a second line {@code #} and a JSON
 * object with {@code teacher}, {@code labels}, {@code transitions}, {@code start} and
 * {@code end}; then per sentence a line {@code ## gold} or {@code ## teacher} (whose tags these
 * are), one line per word (word, tag, and the emission row as space-separated numbers, the
 * three tab-separated), and a blank line.
 *
 * @param teacher   the teacher bundle's name and version
 * @param labels    the teacher's labels, the column order of every emission row
 * @param crf       the teacher's CRF scores
 * @param sentences the sentences
 */
public record TeacherLabels(String teacher, List<String> labels, BundleManifest.Crf crf, List<TaughtSentence> sentences) {

    public static final String MAGIC = "# nerco-teacher-labels 1";
    private static final ObjectMapper JSON = new ObjectMapper();

    public TeacherLabels {
        labels = List.copyOf(labels);
        sentences = List.copyOf(sentences);
    }

    /** Whether {@code file} starts as a teacher-labels file does (else it is read as CoNLL). */
    public static boolean isTeacherLabels(Path file) throws IOException {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return MAGIC.equals(in.readLine());
        } catch (java.nio.charset.MalformedInputException e) {
            return false;
        }
    }

    /** Reads a whole file; a malformed line is a {@link TeacherLabelsFormatException} naming it. */
    public static TeacherLabels read(Path file) throws IOException {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            long line = 1;
            if (!MAGIC.equals(in.readLine())) {
                throw new TeacherLabelsFormatException(file, line, "not a teacher-labels file: the first line is not " + MAGIC);
            }
            line++;
            String header = in.readLine();
            if (header == null || !header.startsWith("# {")) {
                throw new TeacherLabelsFormatException(file, line, "expected the header line '# {...}'");
            }
            Header h;
            try {
                h = JSON.readValue(header.substring(2), Header.class);
            } catch (IOException e) {
                throw new TeacherLabelsFormatException(file, line, "unreadable header: " + e.getMessage());
            }
            if (h.labels() == null || h.transitions() == null || h.start() == null || h.end() == null) {
                throw new TeacherLabelsFormatException(file, line, "the header needs labels, transitions, start and end");
            }
            int n = h.labels().size();
            if (n == 0 || h.start().length != n || h.end().length != n || h.transitions().length != n
                    || java.util.Arrays.stream(h.transitions()).anyMatch(row -> row == null || row.length != n)) {
                throw new TeacherLabelsFormatException(file, line, "the CRF does not match " + n + " labels");
            }
            List<TaughtSentence> sentences = new ArrayList<>();
            List<String> words = new ArrayList<>();
            List<String> tags = new ArrayList<>();
            List<float[]> rows = new ArrayList<>();
            Boolean gold = null;
            long sentenceLine = 0;
            for (String s = in.readLine(); ; s = in.readLine()) {
                line++;
                if (s == null || s.isBlank()) {
                    if (gold != null) {
                        if (words.isEmpty()) {
                            throw new TeacherLabelsFormatException(file, sentenceLine, "a sentence without words");
                        }
                        sentences.add(new TaughtSentence(words, tags, gold, rows.toArray(float[][]::new)));
                        words.clear();
                        tags.clear();
                        rows.clear();
                        gold = null;
                    }
                    if (s == null) {
                        break;
                    }
                } else if (s.startsWith("## ")) {
                    if (gold != null) {
                        throw new TeacherLabelsFormatException(file, line, "a sentence starts before the last one ended");
                    }
                    String whose = s.substring(3);
                    if (!whose.equals("gold") && !whose.equals("teacher")) {
                        throw new TeacherLabelsFormatException(file, line, "expected '## gold' or '## teacher', found " + s);
                    }
                    gold = whose.equals("gold");
                    sentenceLine = line;
                } else {
                    if (gold == null) {
                        throw new TeacherLabelsFormatException(file, line, "a word line outside a sentence");
                    }
                    String[] parts = s.split("\t", -1);
                    if (parts.length != 3 || parts[0].isEmpty()) {
                        throw new TeacherLabelsFormatException(file, line, "expected word, tag and emissions separated by tabs");
                    }
                    if (!h.labels().contains(parts[1])) {
                        throw new TeacherLabelsFormatException(file, line, "unknown tag " + parts[1] + ", known " + h.labels());
                    }
                    words.add(parts[0]);
                    tags.add(parts[1]);
                    rows.add(row(parts[2], n, file, line));
                }
            }
            return new TeacherLabels(h.teacher(), h.labels(), new BundleManifest.Crf(h.transitions(), h.start(), h.end()),
                    sentences);
        }
    }

    private static float[] row(String text, int n, Path file, long line) throws TeacherLabelsFormatException {
        String[] values = text.trim().split(" +");
        if (values.length != n) {
            throw new TeacherLabelsFormatException(file, line, "expected " + n + " emission values, found " + values.length);
        }
        float[] row = new float[n];
        for (int i = 0; i < n; i++) {
            try {
                row[i] = Float.parseFloat(values[i]);
            } catch (NumberFormatException e) {
                throw new TeacherLabelsFormatException(file, line, "not a number: " + values[i]);
            }
            if (!Float.isFinite(row[i])) {
                throw new TeacherLabelsFormatException(file, line, "not a finite number: " + values[i]);
            }
        }
        return row;
    }

    /**
     * Opens a file for writing sentence by sentence (a teacher over millions of words need not
     * hold them). The caller closes the writer.
     */
    public static Writer writer(Path file, String teacher, List<String> labels, BundleManifest.Crf crf) throws IOException {
        return new Writer(file, new Header(teacher, labels, crf.transitions(), crf.start(), crf.end()));
    }

    /** Writes one file; not thread-safe. */
    public static final class Writer implements AutoCloseable {
        private final BufferedWriter out;
        private final int labels;
        private long sentences;

        private Writer(Path file, Header header) throws IOException {
            this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
            this.labels = header.labels().size();
            out.write(MAGIC);
            out.newLine();
            out.write("# ");
            out.write(JSON.writeValueAsString(header));
            out.newLine();
        }

        public void write(TaughtSentence sentence) throws IOException {
            out.write(sentence.gold() ? "## gold" : "## teacher");
            out.newLine();
            StringBuilder line = new StringBuilder();
            for (int w = 0; w < sentence.words().size(); w++) {
                String word = sentence.words().get(w);
                if (word.isEmpty() || word.chars().anyMatch(c -> c == '\t' || c == '\n' || c == '\r')) {
                    throw new IllegalArgumentException("a word must be non-empty, without tabs or line breaks: '" + word + "'");
                }
                float[] row = sentence.emissions()[w];
                if (row.length != labels) {
                    throw new IllegalArgumentException("an emission row of " + row.length + " values for " + labels + " labels");
                }
                line.setLength(0);
                line.append(word).append('\t').append(sentence.tags().get(w)).append('\t');
                for (int i = 0; i < row.length; i++) {
                    if (i > 0) {
                        line.append(' ');
                    }
                    // four decimals of a score keep the posterior to about 1e-4, at a third of the bytes
                    line.append(Math.round(row[i] * 1e4) / 1e4);
                }
                out.write(line.toString());
                out.newLine();
            }
            out.newLine();
            sentences++;
        }

        /** Sentences written so far. */
        public long sentences() {
            return sentences;
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    }

    /** The header line's JSON. */
    record Header(String teacher, List<String> labels, float[][] transitions, float[] start, float[] end) {}

    /**
     * The same data with labels in {@code target} order (which must hold the same labels): every
     * emission row and the CRF re-ordered, so a student with its own label order reads it directly.
     */
    public TeacherLabels reordered(List<String> target) {
        if (target.size() != labels.size() || !target.containsAll(labels)) {
            throw new IllegalArgumentException("the student's labels " + target + " are not the teacher's " + labels);
        }
        int n = target.size();
        int[] from = new int[n];
        for (int j = 0; j < n; j++) {
            from[j] = labels.indexOf(target.get(j));
        }
        float[][] transitions = new float[n][n];
        float[] start = new float[n];
        float[] end = new float[n];
        for (int i = 0; i < n; i++) {
            start[i] = crf.start()[from[i]];
            end[i] = crf.end()[from[i]];
            for (int j = 0; j < n; j++) {
                transitions[i][j] = crf.transitions()[from[i]][from[j]];
            }
        }
        List<TaughtSentence> out = new ArrayList<>(sentences.size());
        for (TaughtSentence s : sentences) {
            float[][] rows = new float[s.emissions().length][n];
            for (int w = 0; w < rows.length; w++) {
                for (int j = 0; j < n; j++) {
                    rows[w][j] = s.emissions()[w][from[j]];
                }
            }
            out.add(new TaughtSentence(s.words(), s.tags(), s.gold(), rows));
        }
        return new TeacherLabels(teacher, target, new BundleManifest.Crf(transitions, start, end), out);
    }
}
