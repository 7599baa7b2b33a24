package io.nerco.eval;

import io.nerco.text.SegmentedText;
import io.nerco.text.Sentence;
import io.nerco.text.Token;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a CoNLL corpus into labeled documents with exact char offsets.
 *
 * <p>Text layout: words of a sentence joined by the format's separator (one space for
 * CoNLL-2003, nothing for char data), sentences by {@code "\n"}. Gold spans are the
 * sentences' chunks ({@link Chunks}, conlleval's rules) mapped to chars, so scoring char
 * spans gives conlleval's counts on the gold tokens.
 *
 * <p>Documents: one per CoNLL document when the file has {@code -DOCSTART-} lines; without
 * them, consecutive groups of {@code sentencesPerDocument} sentences (the last may be
 * shorter). Ids are {@code fileName#index} from 0. Immutable and thread-safe.
 */
public final class ConllToLabeled {

    private final int sentencesPerDocument;

    /** @param sentencesPerDocument sentences per document for files without document markers, at least 1 */
    public ConllToLabeled(int sentencesPerDocument) {
        if (sentencesPerDocument < 1) {
            throw new IllegalArgumentException("sentencesPerDocument must be at least 1: " + sentencesPerDocument);
        }
        this.sentencesPerDocument = sentencesPerDocument;
    }

    /** @return the corpus's labeled documents in file order */
    public List<LabeledDocument> convert(ConllCorpus corpus) {
        String name = java.nio.file.Path.of(corpus.source()).getFileName().toString();
        List<List<ConllSentence>> groups = new ArrayList<>();
        if (corpus.documentMarkers()) {
            corpus.documents().forEach(d -> groups.add(d.sentences()));
        } else {
            List<ConllSentence> all = corpus.sentences().toList();
            for (int i = 0; i < all.size(); i += sentencesPerDocument) {
                groups.add(all.subList(i, Math.min(all.size(), i + sentencesPerDocument)));
            }
        }
        List<LabeledDocument> out = new ArrayList<>(groups.size());
        for (int i = 0; i < groups.size(); i++) {
            out.add(document(name + "#" + i, groups.get(i), corpus.format().wordSeparator()));
        }
        return out;
    }

    /**
     * One labeled document from sentences.
     *
     * @param wordSeparator what goes between words of a sentence ({@code " "} or {@code ""})
     */
    public static LabeledDocument document(String id, List<ConllSentence> sentences, String wordSeparator) {
        StringBuilder text = new StringBuilder();
        List<Sentence> segmented = new ArrayList<>(sentences.size());
        List<Span> gold = new ArrayList<>();
        for (ConllSentence s : sentences) {
            if (!segmented.isEmpty()) {
                text.append('\n');
            }
            List<Token> tokens = new ArrayList<>(s.size());
            for (String word : s.words()) {
                if (!tokens.isEmpty()) {
                    text.append(wordSeparator);
                }
                int start = text.length();
                text.append(word);
                tokens.add(new Token(word, start, text.length()));
            }
            for (Chunks.Chunk c : Chunks.of(s.tags())) {
                gold.add(new Span(c.type(), tokens.get(c.start()).start(), tokens.get(c.end() - 1).end()));
            }
            segmented.add(new Sentence(tokens.getFirst().start(), tokens.getLast().end(), tokens));
        }
        return new LabeledDocument(id, new SegmentedText(text.toString(), segmented), gold);
    }
}
