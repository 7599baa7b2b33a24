package io.nerco.onnx;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * The parameters of a BERT-style encoder exported to ONNX by Hugging Face / PyTorch,
 * arranged by role: embeddings, and per layer the attention and feed-forward linears and
 * LayerNorms.
 *
 * <p>Every parameter carries a stable {@link Param#key() key} in Hugging Face naming
 * ({@code encoder.layer.0.attention.self.query.weight}) and the name of the ONNX
 * initialiser that holds it (for the linear weights {@code onnx::MatMul_N}, found through
 * the MatMul nodes). Linear weights are in ONNX layout [in, out]; DJL's {@code Linear}
 * wants [out, in], see {@link FloatTensor#transpose()}.
 *
 * <p>To export a trained encoder: {@link #withValues} with the new values by key, then
 * {@link OnnxModelFile#withInitializers(Map)} with {@link #initializers()} on the original
 * graph, and {@link OnnxModelFile#write}. Immutable; thread-safe if the tensors are not modified.
 *
 * @param embeddings the embedding tables and their LayerNorm
 * @param layers     the transformer layers, bottom first
 */
public record BertWeights(Embeddings embeddings, List<Layer> layers) {

    public BertWeights {
        Objects.requireNonNull(embeddings, "embeddings");
        layers = List.copyOf(layers);
    }

    /**
     * One parameter.
     *
     * @param key         Hugging Face name, for example {@code embeddings.word_embeddings.weight}
     * @param initializer the ONNX initialiser that holds it
     * @param value       its values; linear weights [in, out]
     */
    public record Param(String key, String initializer, FloatTensor value) {
        public Param {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(initializer, "initializer");
            Objects.requireNonNull(value, "value");
        }

        /** This parameter with other values of the same shape. */
        public Param withValue(FloatTensor newValue) {
            if (!newValue.hasShape(value.shape())) {
                throw new IllegalArgumentException(key + " has shape " + Arrays.toString(value.shape())
                        + ", not " + Arrays.toString(newValue.shape()));
            }
            return new Param(key, initializer, newValue);
        }
    }

    /** A linear layer: {@code y = x · weight + bias}, weight [in, out], bias [out]. */
    public record Linear(Param weight, Param bias) {}

    /** A LayerNorm's scale (gamma, {@code .weight}) and shift (beta, {@code .bias}). */
    public record LayerNorm(Param gamma, Param beta) {}

    /**
     * Embedding tables [rows, hidden] and the LayerNorm after their sum.
     *
     * @param tokenType null when the graph has no token-type embeddings
     */
    public record Embeddings(Param word, Param position, Param tokenType, LayerNorm layerNorm) {}

    /** One transformer layer (post-LayerNorm BERT). */
    public record Layer(Linear query, Linear key, Linear value, Linear attentionOutput,
                        LayerNorm attentionLayerNorm, Linear intermediate, Linear output,
                        LayerNorm outputLayerNorm) {}

    private static final String WORD_EMBEDDINGS = "embeddings.word_embeddings.weight";

    /**
     * Reads the parameters of a BERT-style ONNX encoder.
     *
     * @throws OnnxFormatException when the graph does not have the expected nodes and initialisers
     */
    public static BertWeights read(OnnxModelFile model) {
        String prefix = model.initializerNames().stream()
                .filter(n -> n.endsWith(WORD_EMBEDDINGS))
                .map(n -> n.substring(0, n.length() - WORD_EMBEDDINGS.length()))
                .findFirst()
                .orElseThrow(() -> new OnnxFormatException("no initializer named *" + WORD_EMBEDDINGS
                        + "; not a BERT-style encoder"));
        Reader r = new Reader(model, prefix);
        Embeddings embeddings = new Embeddings(
                r.named("embeddings.word_embeddings.weight"),
                r.named("embeddings.position_embeddings.weight"),
                model.hasInitializer(prefix + "embeddings.token_type_embeddings.weight")
                        ? r.named("embeddings.token_type_embeddings.weight") : null,
                r.layerNorm("embeddings.LayerNorm"));
        List<Layer> layers = new ArrayList<>();
        for (int i = 0; model.node("/encoder/layer." + i + "/attention/self/query/MatMul").isPresent(); i++) {
            String node = "/encoder/layer." + i + "/";
            String key = "encoder.layer." + i + ".";
            layers.add(new Layer(
                    r.linear(node + "attention/self/query", key + "attention.self.query"),
                    r.linear(node + "attention/self/key", key + "attention.self.key"),
                    r.linear(node + "attention/self/value", key + "attention.self.value"),
                    r.linear(node + "attention/output/dense", key + "attention.output.dense"),
                    r.layerNorm(key + "attention.output.LayerNorm"),
                    r.linear(node + "intermediate/dense", key + "intermediate.dense"),
                    r.linear(node + "output/dense", key + "output.dense"),
                    r.layerNorm(key + "output.LayerNorm")));
        }
        if (layers.isEmpty()) {
            throw new OnnxFormatException("no node named /encoder/layer.0/attention/self/query/MatMul");
        }
        return new BertWeights(embeddings, layers);
    }

    /** Hidden size (width of every layer). */
    public int hiddenSize() {
        return embeddings.word().value().dim(1);
    }

    /** Width of the feed-forward inner layer. */
    public int intermediateSize() {
        return layers.getFirst().intermediate().weight().value().dim(1);
    }

    /** Vocabulary size (rows of the word-embedding table). */
    public int vocabularySize() {
        return embeddings.word().value().dim(0);
    }

    /** Longest sequence the position table covers. */
    public int maxPositions() {
        return embeddings.position().value().dim(0);
    }

    /** All parameters in a fixed order: embeddings, then layer by layer. */
    public List<Param> parameters() {
        List<Param> all = new ArrayList<>();
        all.add(embeddings.word());
        all.add(embeddings.position());
        if (embeddings.tokenType() != null) {
            all.add(embeddings.tokenType());
        }
        addLayerNorm(all, embeddings.layerNorm());
        for (Layer l : layers) {
            for (Linear lin : List.of(l.query(), l.key(), l.value(), l.attentionOutput())) {
                all.add(lin.weight());
                all.add(lin.bias());
            }
            addLayerNorm(all, l.attentionLayerNorm());
            all.add(l.intermediate().weight());
            all.add(l.intermediate().bias());
            all.add(l.output().weight());
            all.add(l.output().bias());
            addLayerNorm(all, l.outputLayerNorm());
        }
        return all;
    }

    /** Parameter values by {@link Param#key() key}, in {@link #parameters()} order. */
    public Map<String, FloatTensor> valuesByKey() {
        Map<String, FloatTensor> byKey = new LinkedHashMap<>();
        parameters().forEach(p -> byKey.put(p.key(), p.value()));
        return byKey;
    }

    /** Parameter values by ONNX initialiser name, for {@link OnnxModelFile#withInitializers}. */
    public Map<String, FloatTensor> initializers() {
        Map<String, FloatTensor> byName = new LinkedHashMap<>();
        parameters().forEach(p -> byName.put(p.initializer(), p.value()));
        return byName;
    }

    /**
     * These weights with new values, by key. Every parameter must be given, with its shape.
     *
     * @throws IllegalArgumentException when a key is missing or unknown, or a shape differs
     */
    public BertWeights withValues(Map<String, FloatTensor> valuesByKey) {
        Map<String, FloatTensor> unused = new LinkedHashMap<>(valuesByKey);
        Function<Param, Param> swap = p -> {
            FloatTensor v = unused.remove(p.key());
            if (v == null) {
                throw new IllegalArgumentException("no value given for " + p.key());
            }
            return p.withValue(v);
        };
        Embeddings e = new Embeddings(swap.apply(embeddings.word()), swap.apply(embeddings.position()),
                embeddings.tokenType() == null ? null : swap.apply(embeddings.tokenType()),
                swap(embeddings.layerNorm(), swap));
        List<Layer> ls = layers.stream().map(l -> new Layer(
                swap(l.query(), swap), swap(l.key(), swap), swap(l.value(), swap), swap(l.attentionOutput(), swap),
                swap(l.attentionLayerNorm(), swap), swap(l.intermediate(), swap), swap(l.output(), swap),
                swap(l.outputLayerNorm(), swap))).toList();
        if (!unused.isEmpty()) {
            throw new IllegalArgumentException("unknown parameter keys " + unused.keySet());
        }
        return new BertWeights(e, ls);
    }

    private static Linear swap(Linear l, Function<Param, Param> swap) {
        return new Linear(swap.apply(l.weight()), swap.apply(l.bias()));
    }

    private static LayerNorm swap(LayerNorm n, Function<Param, Param> swap) {
        return new LayerNorm(swap.apply(n.gamma()), swap.apply(n.beta()));
    }

    private static void addLayerNorm(List<Param> all, LayerNorm n) {
        all.add(n.gamma());
        all.add(n.beta());
    }

    private record Reader(OnnxModelFile model, String prefix) {

        Param named(String key) {
            String name = prefix + key;
            return new Param(key, name, model.initializer(name));
        }

        LayerNorm layerNorm(String key) {
            return new LayerNorm(named(key + ".weight"), named(key + ".bias"));
        }

        /** The weight through the MatMul node, the bias through the Add that consumes its output. */
        Linear linear(String nodePrefix, String key) {
            String matMul = nodePrefix + "/MatMul";
            String weightName = model.matMulWeightName(matMul);
            String product = model.node(matMul).orElseThrow().outputs().getFirst();
            String biasName = model.nodes().stream()
                    .filter(n -> n.opType().equals("Add") && n.inputs().contains(product))
                    .flatMap(n -> n.inputs().stream())
                    .filter(model::hasInitializer)
                    .findFirst()
                    .orElseThrow(() -> new OnnxFormatException("no bias Add after " + matMul));
            return new Linear(new Param(key + ".weight", weightName, model.initializer(weightName)),
                    new Param(key + ".bias", biasName, model.initializer(biasName)));
        }
    }
}
