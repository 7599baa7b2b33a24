package io.nerco.train;

import java.util.List;
import java.util.Map;

/**
 * Where a run stands, saved with each checkpoint: the next batch to train is
 * {@code batch} of {@code epoch} of {@code stage} (0 contrastive, 1 tagging). The data order is
 * recomputed from the seed, and dropout is reseeded from seed and step before every step, so a
 * resumed run repeats the same computation.
 */
public record TrainingState(
        int stage, int epoch, int batch, long globalStep, long seed,
        double bestDevF1, long bestStep, Map<String, Long> optimizerSteps, List<Map<String, Object>> history) {

    public TrainingState {
        optimizerSteps = optimizerSteps == null ? Map.of() : Map.copyOf(optimizerSteps);
        history = history == null ? List.of() : List.copyOf(history);
    }
}
