package io.nerco.eval;

import java.util.List;

/**
 * The sentences of one document: what follows a {@code -DOCSTART-} line up to the next one,
 * or the whole file when it has no such lines.
 *
 * @param sentences its sentences in file order; immutable, never empty
 * @param line      1-based line of its {@code -DOCSTART-}, or of its first token without one
 */
public record ConllDocument(List<ConllSentence> sentences, int line) {
    public ConllDocument {
        sentences = List.copyOf(sentences);
        if (sentences.isEmpty()) {
            throw new IllegalArgumentException("a document has at least one sentence");
        }
    }

    /** Number of tokens over all sentences. */
    public int tokenCount() {
        return sentences.stream().mapToInt(ConllSentence::size).sum();
    }
}
