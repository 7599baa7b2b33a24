package io.nerco.bench;

import io.nerco.model.Entity;
import io.nerco.model.ModelId;
import io.nerco.model.Tagger;
import io.nerco.text.SegmentedText;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * A tagger that adds up the time its calls take, so the streaming benchmark can split the gap
 * to the bare model into time inside the tagger and time around it. Thread-safe; closing it
 * closes nothing (the wrapped tagger has its own owner).
 */
final class TimedTagger implements Tagger {
    private final Tagger tagger;
    private final AtomicLong nanos = new AtomicLong();

    TimedTagger(Tagger tagger) {
        this.tagger = tagger;
    }

    /** Time spent in tagging calls so far. */
    Duration busy() {
        return Duration.ofNanos(nanos.get());
    }

    @Override
    public List<List<Entity>> tagAll(List<String> texts) {
        return timed(() -> tagger.tagAll(texts));
    }

    @Override
    public List<List<Entity>> tagSegmented(List<SegmentedText> documents) {
        return timed(() -> tagger.tagSegmented(documents));
    }

    private List<List<Entity>> timed(Supplier<List<List<Entity>>> call) {
        long t0 = System.nanoTime();
        try {
            return call.get();
        } finally {
            nanos.addAndGet(System.nanoTime() - t0);
        }
    }

    @Override
    public ModelId modelId() {
        return tagger.modelId();
    }

    @Override
    public void close() {
    }
}
