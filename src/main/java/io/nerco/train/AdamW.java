package io.nerco.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * AdamW (decoupled weight decay) with a learning rate per parameter group and clipping by the
 * global gradient norm, neither of which DJL's optimisers offer.
 *
 * <p>Moments live in the manager given at construction (the caller closes it). Each
 * {@link #step} runs in an {@link NDScope}, so temporaries are freed at once (computing the
 * norm with the model's manager leaked about 43 MB a step). A non-finite gradient norm skips the
 * update. Gradients are zeroed after every step, skipped or not. Not thread-safe.
 */
public final class AdamW {

    private static final float BETA1 = 0.9f;
    private static final float BETA2 = 0.999f;
    private static final float EPS = 1e-8f;

    private final BertParameters params;
    private final float weightDecay;
    private final float maxGradNorm;
    private final Map<String, NDArray> first = new LinkedHashMap<>();
    private final Map<String, NDArray> second = new LinkedHashMap<>();
    private final Map<String, Long> steps = new LinkedHashMap<>();

    public AdamW(NDManager stateManager, BertParameters params, float weightDecay, float maxGradNorm) {
        this.params = params;
        this.weightDecay = weightDecay;
        this.maxGradNorm = maxGradNorm;
        for (String name : params.names()) {
            NDArray p = params.get(name);
            NDArray m = stateManager.zeros(p.getShape());
            m.setName("m:" + name);
            NDArray v = stateManager.zeros(p.getShape());
            v.setName("v:" + name);
            first.put(name, m);
            second.put(name, v);
            steps.put(name, 0L);
        }
    }

    /** Result of one optimiser step. */
    public record Outcome(float gradNorm, boolean applied) {}

    /**
     * Updates the named parameters (the ones that received gradients) and zeroes their gradients.
     *
     * @param names          parameters to update
     * @param learningRates  rate per group at this step
     */
    public Outcome step(List<String> names, Map<BertParameters.Group, Float> learningRates) {
        try (NDScope scope = new NDScope()) {
            double sumSquares = 0;
            for (String name : names) {
                sumSquares += params.get(name).getGradient().square().sum().getFloat();
            }
            float norm = (float) Math.sqrt(sumSquares);
            if (!Float.isFinite(norm)) {
                zeroGradients(names);
                return new Outcome(norm, false);
            }
            float clip = norm > maxGradNorm ? maxGradNorm / (norm + 1e-6f) : 1f;
            for (String name : names) {
                float lr = learningRates.get(BertParameters.groupOf(name));
                NDArray p = params.get(name);
                NDArray g = p.getGradient().mul(clip);
                NDArray m = first.get(name);
                NDArray v = second.get(name);
                long t = steps.merge(name, 1L, Long::sum);
                m.muli(BETA1).addi(g.mul(1 - BETA1));
                v.muli(BETA2).addi(g.square().mul(1 - BETA2));
                float c1 = (float) (1 - Math.pow(BETA1, t));
                float c2 = (float) (1 - Math.pow(BETA2, t));
                NDArray update = m.div(c1).div(v.div(c2).sqrt().add(EPS));
                if (weightDecay > 0 && BertParameters.decays(name)) {
                    update = update.add(p.mul(weightDecay));
                }
                p.subi(update.mul(lr));
            }
            zeroGradients(names);
            return new Outcome(norm, true);
        }
    }

    /** Zeroes the gradients of all given parameters (after a skipped or applied step). */
    public void zeroGradients(List<String> names) {
        for (String name : names) {
            JniUtils.zeroGrad((PtNDArray) params.get(name));
        }
    }

    /** Moments and per-parameter step counts, for a checkpoint; the list shares the arrays. */
    public NDList state() {
        NDList list = new NDList();
        list.addAll(first.values());
        list.addAll(second.values());
        return list;
    }

    public Map<String, Long> stepCounts() {
        return Map.copyOf(steps);
    }

    /** Restores moments and step counts saved by {@link #state()} and {@link #stepCounts()}. */
    public void restore(NDList saved, Map<String, Long> stepCounts) {
        for (NDArray a : saved) {
            String name = a.getName();
            Map<String, NDArray> target = name.startsWith("m:") ? first : second;
            NDArray dst = target.get(name.substring(2));
            if (dst == null) {
                throw new IllegalArgumentException("optimiser state for unknown parameter " + name);
            }
            dst.set(a.toFloatArray());
        }
        steps.putAll(stepCounts);
    }
}
