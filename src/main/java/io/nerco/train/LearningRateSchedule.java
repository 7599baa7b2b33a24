package io.nerco.train;

/**
 * Linear warmup from 0 to the peak over {@code warmupSteps}, then linear decay to 0 at
 * {@code totalSteps}. Immutable.
 */
public record LearningRateSchedule(float peak, long warmupSteps, long totalSteps) {

    public LearningRateSchedule {
        if (totalSteps <= 0 || warmupSteps < 0 || warmupSteps > totalSteps) {
            throw new IllegalArgumentException("need 0 <= warmup <= total, total > 0: " + warmupSteps + ", " + totalSteps);
        }
    }

    /** Rate at zero-based step {@code step}. */
    public float at(long step) {
        if (step < warmupSteps) {
            return peak * (step + 1) / warmupSteps;
        }
        long remaining = Math.max(0, totalSteps - step);
        long decaySteps = Math.max(1, totalSteps - warmupSteps);
        return peak * remaining / decaySteps;
    }
}
