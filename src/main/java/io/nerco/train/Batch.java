package io.nerco.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.List;

/**
 * A padded batch of encoded sentences: ids and mask [batch, seq], the flat positions of labelled
 * words [batch, words], gold labels and contrastive classes. Holds Java arrays only;
 * {@link #inputIds} and friends create tensors in the manager given.
 */
public final class Batch {

    private final List<EncodedSentence> sentences;
    private final int seq;
    private final int words;

    public Batch(List<EncodedSentence> sentences) {
        if (sentences.isEmpty()) {
            throw new IllegalArgumentException("empty batch");
        }
        this.sentences = List.copyOf(sentences);
        this.seq = sentences.stream().mapToInt(s -> s.ids().length).max().orElseThrow();
        this.words = Math.max(1, sentences.stream().mapToInt(s -> s.labels().length).max().orElseThrow());
    }

    public List<EncodedSentence> sentences() {
        return sentences;
    }

    public int size() {
        return sentences.size();
    }

    public NDArray inputIds(NDManager m) {
        long[] ids = new long[size() * seq];
        for (int b = 0; b < size(); b++) {
            long[] s = sentences.get(b).ids();
            System.arraycopy(s, 0, ids, b * seq, s.length);
        }
        return m.create(ids, new Shape(size(), seq));
    }

    public NDArray attentionMask(NDManager m) {
        long[] mask = new long[size() * seq];
        for (int b = 0; b < size(); b++) {
            java.util.Arrays.fill(mask, b * seq, b * seq + sentences.get(b).ids().length, 1L);
        }
        return m.create(mask, new Shape(size(), seq));
    }

    /** INT64 [batch, words]: {@code b * seq + first subword}; padding points at row {@code b * seq}. */
    public NDArray flatWordPositions(NDManager m) {
        long[] flat = new long[size() * words];
        for (int b = 0; b < size(); b++) {
            int[] first = sentences.get(b).firstSubwords();
            for (int w = 0; w < words; w++) {
                flat[b * words + w] = (long) b * seq + (w < first.length ? first[w] : 0);
            }
        }
        return m.create(flat, new Shape(size(), words));
    }

    /** INT64 [tokens]: flat positions of all labelled words, for the contrastive loss. */
    public NDArray flatLabelledPositions(NDManager m) {
        int total = sentences.stream().mapToInt(s -> s.labels().length).sum();
        long[] flat = new long[total];
        int k = 0;
        for (int b = 0; b < size(); b++) {
            for (int p : sentences.get(b).firstSubwords()) {
                flat[k++] = (long) b * seq + p;
            }
        }
        return m.create(flat, new Shape(total));
    }

    /** Contrastive classes in {@link #flatLabelledPositions} order. */
    public int[] classes(LabelSet labels) {
        return sentences.stream().flatMapToInt(s -> java.util.Arrays.stream(s.labels()))
                .map(labels::classOf).toArray();
    }

    public int[][] labels() {
        return sentences.stream().map(EncodedSentence::labels).toArray(int[][]::new);
    }

    public int seq() {
        return seq;
    }

    public int words() {
        return words;
    }

    public int realTokens() {
        return sentences.stream().mapToInt(s -> s.ids().length).sum();
    }
}
