package io.nerco.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a CoNLL-style column file: one word per line, the word in the first column and, when
 * there are two or more columns, the gold tag in the last; blank lines end sentences;
 * {@code -DOCSTART-} lines are skipped. A file with one column is read as unlabeled words.
 *
 * <p>This is the benchmark's own minimal reader, kept for sentence lengths and the peer's
 * gold tags; the project's full reader is io.nerco.eval's. Stateless and thread-safe.
 */
public final class ConllSentences {

    private ConllSentences() {}

    /**
     * @param file a readable column file, not null
     * @return its sentences in file order
     * @throws BenchInputException if the file cannot be read, mixes labeled and unlabeled lines, or has no sentence
     */
    public static List<LabeledSentence> read(Path file) {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(in, file.toString());
        } catch (IOException e) {
            throw new BenchInputException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    static List<LabeledSentence> read(BufferedReader in, String source) throws IOException {
        List<LabeledSentence> sentences = new ArrayList<>();
        List<String> words = new ArrayList<>();
        List<String> tags = new ArrayList<>();
        int lineNumber = 0;
        Boolean labeled = null;
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            lineNumber++;
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("-DOCSTART-")) {
                flush(words, tags, sentences);
                continue;
            }
            String[] columns = trimmed.split("\\s+");
            boolean hasTag = columns.length >= 2;
            if (labeled != null && labeled != hasTag) {
                throw new BenchInputException(source + ":" + lineNumber
                        + ": mixes labeled and unlabeled lines (expected " + (labeled ? "a tag column" : "one column") + ")");
            }
            labeled = hasTag;
            words.add(columns[0]);
            if (hasTag) {
                tags.add(columns[columns.length - 1]);
            }
        }
        flush(words, tags, sentences);
        if (sentences.isEmpty()) {
            throw new BenchInputException(source + " holds no sentence");
        }
        return sentences;
    }

    private static void flush(List<String> words, List<String> tags, List<LabeledSentence> out) {
        if (!words.isEmpty()) {
            out.add(new LabeledSentence(words, tags));
            words.clear();
            tags.clear();
        }
    }
}
