package io.nerco.text;

/**
 * The subwords of one sentence's words, without special tokens.
 *
 * @param ids          subword ids in order
 * @param firstSubword for each word, the index of its first subword in {@code ids}, or -1
 *                     for a word the tokenizer turned into nothing (a lone control or format char)
 */
public record EncodedSentence(long[] ids, int[] firstSubword) {

    public int wordCount() {
        return firstSubword.length;
    }
}
