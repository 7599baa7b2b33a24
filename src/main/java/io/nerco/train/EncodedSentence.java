package io.nerco.train;

/**
 * One sentence as the encoder sees it.
 *
 * @param index         position in its corpus
 * @param ids           subword ids with [CLS] and [SEP]
 * @param firstSubwords per labelled word, the position of its first subword in {@code ids}
 * @param words         per labelled word, its index in the original sentence
 * @param labels        per labelled word, its label id
 * @param wordCount     words of the original sentence (some may be unlabelled: no subwords, or cut)
 */
public record EncodedSentence(int index, long[] ids, int[] firstSubwords, int[] words, int[] labels, int wordCount) {}
