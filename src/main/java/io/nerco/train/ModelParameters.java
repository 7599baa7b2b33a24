package io.nerco.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The trainable arrays of an encoder (its {@link EncoderConfig#shapes()}: a BERT's by Hugging Face
 * parameter name, {@code embeddings.word_embeddings.weight}, {@code encoder.layer.0.attention.self.query.weight},
 * ...; Linear weights are [out, in]) plus {@code head.weight}, {@code head.bias},
 * {@code crf.transitions}, {@code crf.start}, {@code crf.end}.
 *
 * <p>The arrays belong to the manager given at creation; closing that manager frees them.
 * Not thread-safe.
 */
public final class ModelParameters {

    /** Which optimiser group a parameter belongs to. */
    public enum Group { ENCODER, HEAD }

    private final EncoderConfig config;
    private final int labelCount;
    private final Map<String, NDArray> arrays = new LinkedHashMap<>();

    private ModelParameters(EncoderConfig config, int labelCount) {
        this.config = config;
        this.labelCount = labelCount;
    }

    /**
     * Fresh parameters: weights normal(0, 0.02), LSTM weights uniform in ±1/√hidden (PyTorch's
     * default), LayerNorm gamma 1, biases 0 and the CRF scores 0. Deterministic for a seed.
     */
    public static ModelParameters random(NDManager manager, EncoderConfig config, int labelCount, long seed) {
        ModelParameters p = new ModelParameters(config, labelCount);
        Random random = new Random(seed);
        for (Map.Entry<String, long[]> e : shapes(config, labelCount).entrySet()) {
            String name = e.getKey();
            Shape shape = new Shape(e.getValue());
            NDArray array;
            if (name.endsWith("LayerNorm.weight")) {
                array = manager.ones(shape);
            } else if (name.endsWith(".bias") || name.startsWith("crf.")) {
                array = manager.zeros(shape);
            } else {
                float[] values = new float[Math.toIntExact(shape.size())];
                boolean lstm = name.startsWith("lstm.") && config instanceof LstmConfig;
                double bound = lstm ? 1 / Math.sqrt(((LstmConfig) config).hidden()) : 0;
                for (int i = 0; i < values.length; i++) {
                    values[i] = (float) (lstm ? (2 * random.nextDouble() - 1) * bound : random.nextGaussian() * 0.02);
                }
                array = manager.create(values, shape);
            }
            p.put(name, array);
        }
        return p;
    }

    /** Parameters from named arrays (a checkpoint); every expected name must be present with its shape. */
    public static ModelParameters of(EncoderConfig config, int labelCount, NDList named) {
        ModelParameters p = new ModelParameters(config, labelCount);
        Map<String, NDArray> byName = new LinkedHashMap<>();
        for (NDArray a : named) {
            byName.put(a.getName(), a);
        }
        for (Map.Entry<String, long[]> e : shapes(config, labelCount).entrySet()) {
            NDArray a = byName.get(e.getKey());
            if (a == null) {
                throw new IllegalArgumentException("missing parameter " + e.getKey());
            }
            p.put(e.getKey(), a);
        }
        return p;
    }

    private void put(String name, NDArray array) {
        Shape expected = new Shape(shapes(config, labelCount).get(name));
        if (!array.getShape().equals(expected)) {
            throw new IllegalArgumentException(name + " has shape " + array.getShape() + ", expected " + expected);
        }
        NDArray a = array.getDataType() == DataType.FLOAT32 ? array : array.toType(DataType.FLOAT32, false);
        a.setName(name);
        a.setRequiresGradient(true);
        arrays.put(name, a);
    }

    /** Expected names and shapes, in a fixed order: the encoder's, then head and CRF. */
    public static Map<String, long[]> shapes(EncoderConfig c, int labelCount) {
        Map<String, long[]> s = new LinkedHashMap<>(c.shapes());
        s.put("head.weight", new long[] {labelCount, c.outputWidth()});
        s.put("head.bias", new long[] {labelCount});
        s.put("crf.transitions", new long[] {labelCount, labelCount});
        s.put("crf.start", new long[] {labelCount});
        s.put("crf.end", new long[] {labelCount});
        return Collections.unmodifiableMap(s);
    }

    /**
     * Overwrites one parameter's values in place (for initialising from a pretrained encoder).
     *
     * @throws IllegalArgumentException for an unknown name or a wrong element count
     */
    public void assign(String name, float[] values) {
        NDArray a = get(name);
        if (values.length != a.size()) {
            throw new IllegalArgumentException(name + " takes " + a.size() + " values, got " + values.length);
        }
        a.set(values);
    }

    /** The array of a parameter. */
    public NDArray get(String name) {
        NDArray a = arrays.get(name);
        if (a == null) {
            throw new IllegalArgumentException("no parameter " + name);
        }
        return a;
    }

    public static Group groupOf(String name) {
        return name.startsWith("head.") || name.startsWith("crf.") ? Group.HEAD : Group.ENCODER;
    }

    /** Whether AdamW's decoupled weight decay applies (not to biases, an LSTM's included, LayerNorm or CRF scores). */
    public static boolean decays(String name) {
        return !(name.endsWith(".bias") || name.endsWith(".bias_ih") || name.endsWith(".bias_hh") || name.contains("LayerNorm")
                || name.startsWith("crf."));
    }

    /** Names in a fixed order. */
    public List<String> names() {
        return new ArrayList<>(arrays.keySet());
    }

    /** Names of one group, in order. */
    public List<String> names(Group group) {
        return arrays.keySet().stream().filter(n -> groupOf(n) == group).toList();
    }

    /** All arrays as a named list (for checkpoints); the list shares the arrays. */
    public NDList toNdList() {
        return new NDList(arrays.values());
    }

    /** Values of one parameter copied to Java. */
    public float[] values(String name) {
        return get(name).toFloatArray();
    }

    public EncoderConfig config() {
        return config;
    }

    public int labelCount() {
        return labelCount;
    }
}
