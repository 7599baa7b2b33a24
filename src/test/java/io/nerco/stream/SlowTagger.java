package io.nerco.stream;

import io.nerco.model.Entity;
import io.nerco.model.ModelId;
import io.nerco.model.Tagger;
import io.nerco.text.SegmentedText;
import java.time.Duration;
import java.util.List;

/** Wraps a tagger and sleeps per batch, so a test can stop a stream in the middle. Thread-safe. */
final class SlowTagger implements Tagger {
    private final Tagger delegate;
    private final Duration perBatch;

    SlowTagger(Tagger delegate, Duration perBatch) {
        this.delegate = delegate;
        this.perBatch = perBatch;
    }

    @Override
    public List<List<Entity>> tagAll(List<String> texts) {
        try {
            Thread.sleep(perBatch);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while tagging", e);
        }
        return delegate.tagAll(texts);
    }

    @Override
    public List<List<Entity>> tagSegmented(List<SegmentedText> documents) {
        return delegate.tagSegmented(documents);
    }

    @Override
    public ModelId modelId() {
        return delegate.modelId();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
