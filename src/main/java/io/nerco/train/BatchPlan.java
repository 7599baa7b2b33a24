package io.nerco.train;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/**
 * Length-bucketed batches in an order that depends only on the seed and the epoch, so a
 * resumed run sees the same batches: shuffle the sentences, sort them stably by subword
 * length (ties stay shuffled), cut into batches, shuffle the batch order. Immutable.
 */
public final class BatchPlan {

    private final List<EncodedSentence> sentences;
    private final int batchSize;

    public BatchPlan(List<EncodedSentence> sentences, int batchSize) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batch size must be positive: " + batchSize);
        }
        this.sentences = sentences.stream().filter(s -> s.labels().length > 0).toList();
        this.batchSize = batchSize;
    }

    public List<Batch> epoch(long seed, int stage, int epoch) {
        Random random = new Random(seed * 1_000_003L + stage * 1_009L + epoch);
        List<EncodedSentence> order = new ArrayList<>(sentences);
        Collections.shuffle(order, random);
        order.sort(Comparator.comparingInt(s -> s.ids().length));
        List<Batch> batches = new ArrayList<>();
        for (int i = 0; i < order.size(); i += batchSize) {
            batches.add(new Batch(order.subList(i, Math.min(order.size(), i + batchSize))));
        }
        Collections.shuffle(batches, random);
        return batches;
    }

    public int batchesPerEpoch() {
        return (sentences.size() + batchSize - 1) / batchSize;
    }

    public int sentenceCount() {
        return sentences.size();
    }
}
