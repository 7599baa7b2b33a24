package io.nerco.model;

import io.nerco.text.SegmentedText;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A fast model first, an accurate one for the sentences it is unsure of: every sentence is
 * tagged by {@code fast}; those whose CRF path probability ({@link ScoredSentence#confidence})
 * is below the threshold are tagged again by {@code accurate}, in one batch per call, and its
 * entities replace the fast model's. The cost is the fast model's plus the accurate model's
 * on the deferred share; the threshold trades one against accuracy.
 *
 * <p>Thread-safe as its taggers are; owns and closes both.
 */
public final class CascadeTagger implements Tagger {

    private final OnnxTagger fast;
    private final Tagger accurate;
    private final double threshold;
    private final ModelId modelId;
    private final AtomicLong sentences = new AtomicLong();
    private final AtomicLong deferred = new AtomicLong();

    /**
     * @param threshold sentences the fast model is less sure of than this go to the accurate one;
     *                  0 defers none, 1 all but the certain
     */
    public CascadeTagger(OnnxTagger fast, Tagger accurate, double threshold) {
        if (!(threshold >= 0 && threshold <= 1)) {
            throw new IllegalArgumentException("the cascade's threshold must be in [0, 1]: " + threshold);
        }
        this.fast = fast;
        this.accurate = accurate;
        this.threshold = threshold;
        this.modelId = new ModelId(fast.modelId().name() + "+" + accurate.modelId().name(),
                fast.modelId().version() + "+" + accurate.modelId().version());
    }

    @Override
    public List<List<Entity>> tagAll(List<String> texts) {
        return tagSegmented(texts.stream().map(fast::segment).toList());
    }

    @Override
    public List<List<Entity>> tagSegmented(List<SegmentedText> documents) {
        List<List<ScoredSentence>> first = fast.tagSentences(documents);
        List<SegmentedText> unsure = new ArrayList<>();
        for (int d = 0; d < documents.size(); d++) {
            for (ScoredSentence s : first.get(d)) {
                if (s.confidence() < threshold) {
                    unsure.add(new SegmentedText(documents.get(d).text(), List.of(s.sentence())));
                }
            }
        }
        List<List<Entity>> second = unsure.isEmpty() ? List.of() : accurate.tagSegmented(unsure);
        int next = 0;
        long seen = 0;
        List<List<Entity>> result = new ArrayList<>(documents.size());
        for (List<ScoredSentence> document : first) {
            List<Entity> entities = new ArrayList<>();
            for (ScoredSentence s : document) {
                entities.addAll(s.confidence() < threshold ? second.get(next++) : s.entities());
            }
            seen += document.size();
            result.add(List.copyOf(entities));
        }
        sentences.addAndGet(seen);
        deferred.addAndGet(unsure.size());
        return List.copyOf(result);
    }

    /** Sentences tagged so far. */
    public long sentences() {
        return sentences.get();
    }

    /** Of those, the ones the accurate model tagged. */
    public long deferred() {
        return deferred.get();
    }

    public double threshold() {
        return threshold;
    }

    public OnnxTagger fast() {
        return fast;
    }

    public Tagger accurate() {
        return accurate;
    }

    /** The fast model's language: it sees every sentence. */
    @Override
    public String language() {
        return fast.language();
    }

    @Override
    public ModelId modelId() {
        return modelId;
    }

    @Override
    public void close() {
        try {
            fast.close();
        } finally {
            accurate.close();
        }
    }
}
