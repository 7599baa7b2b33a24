package io.nerco.train;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads CoNLL files with the word first and the IOB2 tag last on each line, sentences separated
 * by blank lines, {@code -DOCSTART-} lines skipped. Stateless.
 */
public final class ConllFiles {

    private ConllFiles() {}

    public static List<TaggedSentence> read(Path file) throws IOException {
        List<TaggedSentence> out = new ArrayList<>();
        List<String> words = new ArrayList<>();
        List<String> tags = new ArrayList<>();
        int lineNo = 0;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            lineNo++;
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("-DOCSTART-")) {
                if (!words.isEmpty()) {
                    out.add(new TaggedSentence(words, tags));
                    words.clear();
                    tags.clear();
                }
                continue;
            }
            String[] cols = t.split("\\s+");
            if (cols.length < 2) {
                throw new IOException(file + ":" + lineNo + ": expected a word and a tag, got '" + line + "'");
            }
            words.add(cols[0]);
            tags.add(cols[cols.length - 1]);
        }
        if (!words.isEmpty()) {
            out.add(new TaggedSentence(words, tags));
        }
        return out;
    }
}
