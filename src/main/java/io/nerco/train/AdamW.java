package io.nerco.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

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

    private final ModelParameters params;
    private final float weightDecay;
    private final float maxGradNorm;
    private final Map<String, NDArray> first = new LinkedHashMap<>();
    private final Map<String, NDArray> second = new LinkedHashMap<>();
    private final Map<String, Long> steps = new LinkedHashMap<>();
    private final Set<String> lazyRows;

    public AdamW(NDManager stateManager, ModelParameters params, float weightDecay, float maxGradNorm) {
        this(stateManager, params, weightDecay, maxGradNorm, Set.of());
    }

    /**
     * @param lazyRows tables updated only in the rows a step's batch looked up (lazy Adam, as
     *                 TensorFlow's LazyAdam and PyTorch's SparseAdam do): their untouched rows keep
     *                 value and moments, and weight decay reaches a row only when it is used. A dense
     *                 update of a 22 M-value word-piece table was nine tenths of a small student's step.
     */
    public AdamW(NDManager stateManager, ModelParameters params, float weightDecay, float maxGradNorm,
            Set<String> lazyRows) {
        this.params = params;
        this.lazyRows = Set.copyOf(lazyRows);
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

    /** {@link #step(List, Map, NDArray)} for a model without lazily updated tables. */
    public Outcome step(List<String> names, Map<ModelParameters.Group, Float> learningRates) {
        return step(names, learningRates, null);
    }

    /**
     * Updates the named parameters (the ones that received gradients) and zeroes their gradients.
     *
     * @param names          parameters to update
     * @param learningRates  rate per group at this step
     * @param rows           INT64 distinct row ids the batch looked up in the lazily updated tables;
     *                       required when {@code names} holds one
     */
    public Outcome step(List<String> names, Map<ModelParameters.Group, Float> learningRates, NDArray rows) {
        try (NDScope scope = new NDScope()) {
            NDIndex touched = null;
            if (names.stream().anyMatch(lazyRows::contains)) {
                if (rows == null) {
                    throw new IllegalArgumentException("the lazily updated tables need the batch's rows");
                }
                touched = new NDIndex("{}", rows);
            }
            Map<String, NDArray> gradients = new LinkedHashMap<>();
            double sumSquares = 0;
            for (String name : names) {
                NDArray g = params.get(name).getGradient();
                // the other rows of a looked-up table have no gradient, so the norm over these rows is exact
                g = lazyRows.contains(name) ? g.get(touched) : g;
                gradients.put(name, g);
                sumSquares += g.square().sum().getFloat();
            }
            float norm = (float) Math.sqrt(sumSquares);
            if (!Float.isFinite(norm)) {
                zeroGradients(names);
                return new Outcome(norm, false);
            }
            float clip = norm > maxGradNorm ? maxGradNorm / (norm + 1e-6f) : 1f;
            for (String name : names) {
                float lr = learningRates.get(ModelParameters.groupOf(name));
                long t = steps.merge(name, 1L, Long::sum);
                if (lazyRows.contains(name)) {
                    NDArray p = params.get(name);
                    NDArray m = first.get(name).get(touched);
                    NDArray v = second.get(name).get(touched);
                    NDArray value = p.get(touched);
                    update(name, value, gradients.get(name).mul(clip), m, v, t, lr);
                    first.get(name).set(touched, m);
                    second.get(name).set(touched, v);
                    p.set(touched, value);
                } else {
                    update(name, params.get(name), gradients.get(name).mul(clip), first.get(name), second.get(name), t, lr);
                }
            }
            zeroGradients(names);
            return new Outcome(norm, true);
        }
    }

    /** One AdamW update of {@code p} and its moments, in place. */
    private void update(String name, NDArray p, NDArray g, NDArray m, NDArray v, long t, float lr) {
        m.muli(BETA1).addi(g.mul(1 - BETA1));
        v.muli(BETA2).addi(g.square().mul(1 - BETA2));
        float c1 = (float) (1 - Math.pow(BETA1, t));
        float c2 = (float) (1 - Math.pow(BETA2, t));
        NDArray update = m.div(c1).div(v.div(c2).sqrt().add(EPS));
        if (weightDecay > 0 && ModelParameters.decays(name)) {
            update = update.add(p.mul(weightDecay));
        }
        p.subi(update.mul(lr));
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
