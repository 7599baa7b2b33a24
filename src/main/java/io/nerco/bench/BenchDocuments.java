package io.nerco.bench;

import io.nerco.eval.ConllCorpus;
import io.nerco.eval.ConllDocument;
import io.nerco.eval.ConllReader;
import io.nerco.eval.ConllSentence;
import io.nerco.text.NewsSegmenter;
import io.nerco.text.Segmenter;
import io.nerco.text.Sentence;
import io.nerco.text.Token;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The documents a streaming benchmark sends as events, each with the sentences and words the
 * serving tagger's own segmenter finds in it, so the bare-model figure tags exactly the words
 * the stream tags. Immutable.
 *
 * @param source    where the documents came from, for the report
 * @param texts     one event text per document, none longer than the limit they were made for
 * @param sentences per document, its sentences as the serving segmenter splits them (unlabeled)
 */
public record BenchDocuments(String source, List<String> texts, List<List<LabeledSentence>> sentences) {

    private static final Segmenter SEGMENTER = new NewsSegmenter();

    public BenchDocuments {
        texts = List.copyOf(texts);
        sentences = sentences.stream().map(List::copyOf).toList();
        if (texts.isEmpty() || texts.size() != sentences.size()) {
            throw new BenchInputException("need at least one document, each with its sentences");
        }
    }

    /**
     * CoNLL documents ({@code -DOCSTART-} to the next): words joined by spaces, sentences by line
     * breaks (which end a sentence for the segmenter too). A document longer than {@code maxChars}
     * is cut into consecutive events of whole sentences; a single sentence over it is an error.
     */
    public static BenchDocuments fromConll(Path file, int maxChars) {
        ConllCorpus corpus;
        try {
            corpus = ConllReader.detecting().read(file);
        } catch (IOException | RuntimeException e) {
            throw new BenchInputException("cannot read " + file + ": " + e.getMessage(), e);
        }
        List<String> texts = new ArrayList<>();
        for (ConllDocument document : corpus.documents()) {
            StringBuilder text = new StringBuilder();
            for (ConllSentence sentence : document.sentences()) {
                String line = String.join(" ", sentence.words());
                if (line.length() > maxChars) {
                    throw new BenchInputException(file + ":" + sentence.line() + ": a sentence of " + line.length()
                            + " chars is longer than an event may be (" + maxChars + ")");
                }
                if (!text.isEmpty() && text.length() + 1 + line.length() > maxChars) {
                    texts.add(text.toString());
                    text.setLength(0);
                }
                text.append(text.isEmpty() ? "" : "\n").append(line);
            }
            if (!text.isEmpty()) {
                texts.add(text.toString());
            }
        }
        return fromTexts(file.toString(), texts);
    }

    /** Plain texts, one event each; blank ones are an error (the topology would dead-letter them). */
    public static BenchDocuments fromTexts(String source, List<String> texts) {
        List<List<LabeledSentence>> sentences = new ArrayList<>();
        for (String text : texts) {
            List<LabeledSentence> segmented = new ArrayList<>();
            for (Sentence s : SEGMENTER.segment(text)) {
                if (!s.tokens().isEmpty()) {
                    segmented.add(new LabeledSentence(s.tokens().stream().map(Token::text).toList(), List.of()));
                }
            }
            if (segmented.isEmpty()) {
                throw new BenchInputException(source + ": document " + (sentences.size() + 1) + " has no words");
            }
            sentences.add(segmented);
        }
        return new BenchDocuments(source, texts, sentences);
    }

    public int size() {
        return texts.size();
    }

    /** Words of document {@code i} as the serving segmenter counts them. */
    public long words(int i) {
        return sentences.get(i).stream().mapToLong(s -> s.words().size()).sum();
    }

    /** Every sentence of every document, in order. */
    public List<LabeledSentence> allSentences() {
        return sentences.stream().flatMap(List::stream).toList();
    }
}
