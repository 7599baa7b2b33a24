package io.nerco.eval;

import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The result of reading one CoNLL file: its documents, and what the reader decided and
 * repaired, so a caller can report it.
 *
 * @param source          the file or stream name given to the reader
 * @param format          the column layout, as given or detected
 * @param scheme          the tag scheme of the file, as given or detected (tags are IOB2 now)
 * @param documentMarkers whether the file had {@code -DOCSTART-} lines
 * @param documents       its documents in file order; immutable, empty only for an empty file
 * @param repairs         chunks that started with a continuation tag in a scheme that does
 *                        not allow it (I- in IOB2; I-, M- or E- in BIOES) and were read as
 *                        starting a chunk there, as conlleval reads them
 */
public record ConllCorpus(String source, ConllFormat format, TagScheme scheme, boolean documentMarkers,
                          List<ConllDocument> documents, int repairs) {
    public ConllCorpus {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(scheme, "scheme");
        documents = List.copyOf(documents);
    }

    /** All sentences in file order. */
    public Stream<ConllSentence> sentences() {
        return documents.stream().flatMap(d -> d.sentences().stream());
    }

    public int sentenceCount() {
        return documents.stream().mapToInt(d -> d.sentences().size()).sum();
    }

    public int tokenCount() {
        return documents.stream().mapToInt(ConllDocument::tokenCount).sum();
    }
}
