package io.nerco.text;

import java.util.List;

/** Splits raw text into sentences of words with exact offsets. Implementations are thread-safe. */
public interface Segmenter {

    /**
     * @param text any string, possibly empty, possibly with unpaired surrogates; never null
     * @return the sentences in text order; empty when the text has no words
     */
    List<Sentence> segment(String text);
}
