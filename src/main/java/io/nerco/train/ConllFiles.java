package io.nerco.train;

import io.nerco.eval.ConllCorpus;
import io.nerco.eval.ConllReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Training data through the same reader {@code nerco eval} uses ({@link ConllReader}): format and
 * tag scheme detected, tags converted to IOB2 by conlleval's chunk rules (IOB1 and BIOES inputs,
 * and I- tags that start a chunk in IOB2 files, which are counted as repairs), and every malformed
 * line a {@code ConllFormatException} naming file and line.
 */
public final class ConllFiles {

    /** The sentences of a file and what reading it changed. */
    public record Read(List<TaggedSentence> sentences, String scheme, int repairs) {}

    private ConllFiles() {}

    public static Read read(Path file) throws IOException {
        ConllCorpus corpus = ConllReader.detecting().read(file);
        List<TaggedSentence> sentences = corpus.sentences().map(s -> new TaggedSentence(s.words(), s.tags())).toList();
        return new Read(sentences, corpus.scheme().name(), corpus.repairs());
    }
}
