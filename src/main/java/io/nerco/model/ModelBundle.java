package io.nerco.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A model folder on disk, checked before any session is made. Two layouts load:
 * <ul>
 *   <li>a Nerco bundle: {@code encoder.onnx}, {@code tagger.onnx}, {@code tokenizer.json},
 *       {@code model.json} ({@link BundleManifest});</li>
 *   <li>a Hugging Face token-classification export: {@code model.onnx} (logits
 *       [batch, seq, labels]), {@code config.json} with {@code id2label}, {@code tokenizer.json}.</li>
 * </ul>
 * Every problem is an {@link InvalidBundleException} naming the file. Immutable.
 */
public final class ModelBundle {

    static final String ENCODER = "encoder.onnx";
    static final String TAGGER = "tagger.onnx";
    static final String TOKENIZER = "tokenizer.json";
    static final String MANIFEST = "model.json";
    static final String HF_MODEL = "model.onnx";
    static final String HF_CONFIG = "config.json";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;
    private final BundleManifest manifest;
    private final LabelSet labels;
    private final boolean singleGraph;

    private ModelBundle(Path dir, BundleManifest manifest, LabelSet labels, boolean singleGraph) {
        this.dir = dir;
        this.manifest = manifest;
        this.labels = labels;
        this.singleGraph = singleGraph;
    }

    /**
     * Reads and validates a model folder.
     *
     * @throws InvalidBundleException naming the missing, unreadable or inconsistent file
     */
    public static ModelBundle load(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new InvalidBundleException(dir, "no such model folder");
        }
        if (Files.exists(dir.resolve(MANIFEST))) {
            return loadBundle(dir);
        }
        if (Files.exists(dir.resolve(HF_CONFIG))) {
            return loadHuggingFace(dir);
        }
        throw new InvalidBundleException(dir.resolve(MANIFEST),
                "missing: a model folder has model.json (Nerco bundle) or config.json (Hugging Face export)");
    }

    private static ModelBundle loadBundle(Path dir) {
        for (String file : List.of(ENCODER, TAGGER, TOKENIZER)) {
            requireFile(dir.resolve(file));
        }
        Path manifestFile = dir.resolve(MANIFEST);
        BundleManifest manifest;
        try {
            manifest = JSON.readValue(manifestFile.toFile(), BundleManifest.class);
        } catch (IOException | RuntimeException e) {
            throw new InvalidBundleException(manifestFile, "not a valid model.json: " + e.getMessage(), e);
        }
        if (manifest.formatVersion() != 1) {
            throw new InvalidBundleException(manifestFile, "unsupported formatVersion " + manifest.formatVersion());
        }
        if (manifest.maxSequenceLength() < 8) {
            throw new InvalidBundleException(manifestFile, "maxSequenceLength must be at least 8, was " + manifest.maxSequenceLength());
        }
        LabelSet labels = labels(manifestFile, manifest.labels());
        if (manifest.crf() != null) {
            try {
                new ViterbiDecoder(labels, manifest.crf());
            } catch (IllegalArgumentException e) {
                throw new InvalidBundleException(manifestFile, e.getMessage(), e);
            }
        }
        for (Map.Entry<String, String> file : manifest.files().entrySet()) {
            Path path = dir.resolve(file.getKey());
            requireFile(path);
            String actual = sha256(path);
            if (!actual.equalsIgnoreCase(file.getValue())) {
                throw new InvalidBundleException(path, "checksum mismatch: model.json says " + file.getValue() + ", file has " + actual);
            }
        }
        return new ModelBundle(dir, manifest, labels, false);
    }

    private static ModelBundle loadHuggingFace(Path dir) {
        requireFile(dir.resolve(HF_MODEL));
        requireFile(dir.resolve(TOKENIZER));
        Path config = dir.resolve(HF_CONFIG);
        JsonNode root;
        try {
            root = JSON.readTree(config.toFile());
        } catch (IOException e) {
            throw new InvalidBundleException(config, "not valid JSON: " + e.getMessage(), e);
        }
        JsonNode id2label = root.path("id2label");
        if (!id2label.isObject() || id2label.isEmpty()) {
            throw new InvalidBundleException(config, "has no id2label");
        }
        Map<Integer, String> byId = new TreeMap<>();
        for (Map.Entry<String, JsonNode> e : id2label.properties()) {
            try {
                byId.put(Integer.parseInt(e.getKey()), e.getValue().asText());
            } catch (NumberFormatException ex) {
                throw new InvalidBundleException(config, "id2label key '" + e.getKey() + "' is not a number");
            }
        }
        List<String> ordered = new ArrayList<>(byId.values());
        int expected = 0;
        for (int id : byId.keySet()) {
            if (id != expected++) {
                throw new InvalidBundleException(config, "id2label ids are not 0.." + (byId.size() - 1));
            }
        }
        LabelSet labels = labels(config, ordered);
        int maxLength = root.path("max_position_embeddings").asInt(512);
        String name = root.path("_name_or_path").asText(dir.getFileName().toString());
        BundleManifest manifest = new BundleManifest(1, name.isEmpty() ? dir.getFileName().toString() : name, "hf",
                null, ordered, "BIO", maxLength, false, "fp32", null, Map.of("source", "huggingface"), null, null, null);
        return new ModelBundle(dir, manifest, labels, true);
    }

    private static LabelSet labels(Path file, List<String> labels) {
        try {
            return new LabelSet(labels);
        } catch (IllegalArgumentException e) {
            throw new InvalidBundleException(file, e.getMessage(), e);
        }
    }

    private static void requireFile(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new InvalidBundleException(file, "missing");
        }
        if (!Files.isReadable(file)) {
            throw new InvalidBundleException(file, "not readable");
        }
    }

    static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (int r; (r = in.read(buffer)) > 0; ) {
                digest.update(buffer, 0, r);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new InvalidBundleException(file, "cannot read: " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public Path dir() {
        return dir;
    }

    public BundleManifest manifest() {
        return manifest;
    }

    public LabelSet labels() {
        return labels;
    }

    /** True for a Hugging Face export: one graph from ids to logits, no separate tagger. */
    public boolean singleGraph() {
        return singleGraph;
    }

    public Path encoderFile() {
        return dir.resolve(singleGraph ? HF_MODEL : ENCODER);
    }

    /** The tagger graph; absent for a single-graph model. */
    public Path taggerFile() {
        if (singleGraph) {
            throw new IllegalStateException("a single-graph model has no tagger.onnx");
        }
        return dir.resolve(TAGGER);
    }

    public Path tokenizerFile() {
        return dir.resolve(TOKENIZER);
    }

    public ModelId modelId() {
        return new ModelId(manifest.name(), manifest.version());
    }
}
