package io.nerco.stream;

import io.nerco.avro.internal.BufferedEvent;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The batch buffer of one task, kept in a changelogged key-value store so buffered events
 * survive a crash. Keys are arrival sequence numbers (non-negative longs, which the Long
 * serde writes big-endian, so the store's byte order is arrival order). The count, next
 * sequence number and oldest arrival time are cached in memory and recomputed from the
 * store by {@link #recount()}: after a restart the store holds what the changelog restored.
 * Not thread-safe; owned by one processor, and never closes the store.
 */
final class EventBuffer {
    private final KeyValueStore<Long, BufferedEvent> store;
    private long size;
    private long nextSequence;
    private long oldestBufferedAtMs;

    EventBuffer(KeyValueStore<Long, BufferedEvent> store) {
        this.store = store;
    }

    /** Rebuilds the in-memory counters from the store; returns the number of buffered events. */
    long recount() {
        size = 0;
        nextSequence = 0;
        oldestBufferedAtMs = Long.MAX_VALUE;
        try (KeyValueIterator<Long, BufferedEvent> all = store.all()) {
            while (all.hasNext()) {
                KeyValue<Long, BufferedEvent> entry = all.next();
                size++;
                nextSequence = Math.max(nextSequence, entry.key + 1);
                oldestBufferedAtMs = Math.min(oldestBufferedAtMs, entry.value.getBufferedAtMs());
            }
        }
        return size;
    }

    void append(BufferedEvent event) {
        store.put(nextSequence++, event);
        size++;
        oldestBufferedAtMs = Math.min(oldestBufferedAtMs, event.getBufferedAtMs());
    }

    long size() {
        return size;
    }

    /** Wall-clock time the oldest buffered event arrived, or {@link Long#MAX_VALUE} when empty. */
    long oldestBufferedAtMs() {
        return oldestBufferedAtMs;
    }

    /** The oldest {@code max} events, in arrival order, with their sequence numbers. */
    List<KeyValue<Long, BufferedEvent>> oldest(int max) {
        List<KeyValue<Long, BufferedEvent>> batch = new ArrayList<>(Math.min(max, (int) Math.min(size, Integer.MAX_VALUE)));
        try (KeyValueIterator<Long, BufferedEvent> all = store.all()) {
            while (all.hasNext() && batch.size() < max) {
                batch.add(all.next());
            }
        }
        return batch;
    }

    /** Removes the given events (after their output was forwarded). */
    void remove(List<KeyValue<Long, BufferedEvent>> batch) {
        for (KeyValue<Long, BufferedEvent> entry : batch) {
            store.delete(entry.key);
        }
        if (size > batch.size()) {
            recount();
        } else {
            size = 0;
            oldestBufferedAtMs = Long.MAX_VALUE;
        }
    }
}
