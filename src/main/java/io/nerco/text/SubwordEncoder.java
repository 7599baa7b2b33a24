package io.nerco.text;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Subword encoding of pre-split words with a HuggingFace {@code tokenizer.json}, loaded
 * offline. Padding and truncation are switched off whatever the file says (MiniLM's file
 * pads and truncates to 128, which would cut long inputs silently): windows over long
 * sentences are the caller's job ({@link Windows}).
 *
 * <p>Thread-safe (the Rust tokenizer is). Owns the native tokenizer: close it once.
 */
public final class SubwordEncoder implements AutoCloseable {

    private final HuggingFaceTokenizer tokenizer;
    private final long[] prefix;
    private final long[] suffix;

    private SubwordEncoder(HuggingFaceTokenizer tokenizer) {
        this.tokenizer = tokenizer;
        long[] specials = tokenizer.encode(new String[0], true, false).getIds();
        long[] content = tokenizer.encode(new String[] {"a"}, true, false).getIds();
        long[] bare = tokenizer.encode(new String[] {"a"}, false, false).getIds();
        int before = indexOf(content, bare);
        this.prefix = Arrays.copyOfRange(content, 0, Math.max(before, 0));
        this.suffix = Arrays.copyOfRange(content, Math.max(before, 0) + bare.length, content.length);
        if (prefix.length + suffix.length != specials.length) {
            throw new IllegalStateException("cannot tell the special tokens of the tokenizer");
        }
    }

    /**
     * Loads a tokenizer.json.
     *
     * @throws UncheckedIOException when the file is missing or not a tokenizer
     */
    public static SubwordEncoder open(Path tokenizerJson) {
        try {
            return new SubwordEncoder(HuggingFaceTokenizer.newInstance(tokenizerJson,
                    Map.of("padding", "false", "truncation", "false", "addSpecialTokens", "false")));
        } catch (IOException | RuntimeException e) {
            throw new UncheckedIOException(new IOException("cannot load tokenizer " + tokenizerJson + ": " + e.getMessage(), e));
        }
    }

    /** Encodes one sentence's words; words are never merged or split across each other. */
    public EncodedSentence encode(List<String> words) {
        Encoding encoding = tokenizer.encode(words.toArray(String[]::new), false, false);
        long[] ids = encoding.getIds();
        long[] wordIds = encoding.getWordIds();
        int[] first = new int[words.size()];
        Arrays.fill(first, -1);
        for (int i = 0; i < wordIds.length; i++) {
            int w = (int) wordIds[i];
            if (w >= 0 && w < first.length && first[w] < 0) {
                first[w] = i;
            }
        }
        return new EncodedSentence(ids, first);
    }

    /** Special tokens the encoder expects before a sequence ([CLS] for BERT). */
    public long[] prefix() {
        return prefix.clone();
    }

    /** Special tokens the encoder expects after a sequence ([SEP] for BERT). */
    public long[] suffix() {
        return suffix.clone();
    }

    private static int indexOf(long[] haystack, long[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
