package io.nerco.registry;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with "equal jitter": retry n waits between half and all of
 * {@code min(max, initial * 2^n)}, so concurrent clients spread out but never retry at once.
 * Immutable and thread-safe when the random source is.
 */
final class Backoff {
    private final Duration initial;
    private final Duration max;
    private final DoubleSupplier random;

    Backoff(Duration initial, Duration max, DoubleSupplier randomInUnitInterval) {
        this.initial = initial;
        this.max = max;
        this.random = randomInUnitInterval;
    }

    /** The wait before retry number {@code retry} (0 for the first retry). */
    Duration delay(int retry) {
        long cap = max.toMillis();
        long base = initial.toMillis() << Math.min(retry, 30);
        long ceiling = base <= 0 || base > cap ? cap : base;
        long half = ceiling / 2;
        return Duration.ofMillis(half + (long) (random.getAsDouble() * (ceiling - half)));
    }
}
