package io.nerco.model;

/**
 * How a tagger runs. The defaults suit a 2-core container.
 *
 * @param intraOpThreads threads ONNX Runtime uses inside one batch (at least 1)
 * @param maxBatchSize   sentences (windows) per inference batch (at least 1)
 * @param maxTextLength  longest document accepted, in UTF-16 chars
 * @param windowStride   fraction of a window by which consecutive windows of a long sentence advance, (0, 1]
 */
public record TaggerOptions(int intraOpThreads, int maxBatchSize, int maxTextLength, double windowStride) {

    public TaggerOptions {
        if (intraOpThreads < 1 || maxBatchSize < 1 || maxTextLength < 1 || !(windowStride > 0 && windowStride <= 1)) {
            throw new IllegalArgumentException("invalid tagger options: " + intraOpThreads + " threads, batch "
                    + maxBatchSize + ", max text " + maxTextLength + ", stride " + windowStride);
        }
    }

    /** Two threads (or fewer cores), batches of 32, documents up to 1,000,000 chars. */
    public static TaggerOptions defaults() {
        return new TaggerOptions(Math.min(2, Runtime.getRuntime().availableProcessors()), 32, 1_000_000, 0.5);
    }

    public TaggerOptions withIntraOpThreads(int threads) {
        return new TaggerOptions(threads, maxBatchSize, maxTextLength, windowStride);
    }

    public TaggerOptions withMaxBatchSize(int batch) {
        return new TaggerOptions(intraOpThreads, batch, maxTextLength, windowStride);
    }

    public TaggerOptions withMaxTextLength(int chars) {
        return new TaggerOptions(intraOpThreads, maxBatchSize, chars, windowStride);
    }
}
