package io.nerco.train;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Tokenizes pre-split words and aligns subwords to words: the first subword of each word carries
 * its label, the others are ignored by both losses. Padding and truncation of the tokenizer are
 * off (MiniLM's tokenizer.json turns them on at 128); this class truncates itself, and only
 * when asked (training). Owns its tokenizer; close it. Not thread-safe.
 */
public final class SubwordAligner implements AutoCloseable {

    private final HuggingFaceTokenizer tokenizer;
    private int truncatedSentences;
    private int droppedWords;

    public SubwordAligner(Path tokenizerJson) throws IOException {
        this.tokenizer = HuggingFaceTokenizer.builder()
                .optTokenizerPath(tokenizerJson)
                .optPadding(false)
                .optTruncation(false)
                .optAddSpecialTokens(true)
                .build();
    }

    /**
     * @param maxLength at most this many subwords including specials (words past it are
     *                  dropped and counted); 0 for no limit
     */
    public EncodedSentence encode(int index, TaggedSentence sentence, LabelSet labels, int maxLength) {
        Encoding e = tokenizer.encode(sentence.words().toArray(String[]::new));
        long[] ids = e.getIds();
        long[] wordIds = e.getWordIds();
        int n = sentence.words().size();
        int[] first = new int[n];
        Arrays.fill(first, -1);
        for (int p = 0; p < ids.length; p++) {
            int w = (int) wordIds[p];
            if (w >= 0 && first[w] < 0) {
                first[w] = p;
            }
        }
        int limit = ids.length;
        if (maxLength > 0 && ids.length > maxLength) {
            truncatedSentences++;
            long[] cut = Arrays.copyOf(ids, maxLength);
            cut[maxLength - 1] = ids[ids.length - 1];
            ids = cut;
            limit = maxLength - 1;
        }
        int kept = 0;
        for (int w = 0; w < n; w++) {
            if (first[w] >= 0 && first[w] < limit) {
                kept++;
            } else {
                droppedWords++;
            }
        }
        int[] positions = new int[kept];
        int[] words = new int[kept];
        int[] ys = new int[kept];
        int k = 0;
        for (int w = 0; w < n; w++) {
            if (first[w] >= 0 && first[w] < limit) {
                positions[k] = first[w];
                words[k] = w;
                ys[k] = labels.id(sentence.tags().get(w));
                k++;
            }
        }
        return new EncodedSentence(index, ids, positions, words, ys, n);
    }

    /** Sentences cut to the maximum length so far. */
    public int truncatedSentences() {
        return truncatedSentences;
    }

    /** Words left without a label so far (no subwords, or past the cut). */
    public int droppedWords() {
        return droppedWords;
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
