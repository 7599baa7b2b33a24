package io.nerco.bench;

/**
 * One measured point of a peer tagger (CoreNLP's CRF), as its benchmark writes it to JSON and
 * the model benchmark reads it back for the side-by-side table and the scatter plot. Immutable.
 *
 * @param name           what was measured, e.g. "CoreNLP CRF english.conll.4class.distsim"
 * @param threads        classifying threads
 * @param sentences      sentences classified per pass
 * @param words          words classified per pass
 * @param f1             entity F1 with conlleval semantics, 0-100
 * @param wordsPerSecond words per second, median pass
 * @param heapMiB        heap in use after the model loaded and one pass ran, MiB
 */
public record PeerResult(String name, int threads, int sentences, long words, double f1,
        double wordsPerSecond, double heapMiB) {}
