package io.nerco.onnx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nerco.model.BundleManifest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Writes a model bundle folder: {@code encoder.onnx}, {@code tagger.onnx},
 * {@code tokenizer.json} and {@code model.json}, as {@link BundleManifest} describes them.
 *
 * <p>The tokenizer is copied with its {@code padding} and {@code truncation} set to null,
 * so serving never pads or cuts silently. {@code model.json} is the given manifest with
 * {@code quantization} and the SHA-256 of every other file filled in. With
 * {@link Precision#INT8} the encoder goes through {@link Int8Quantizer} (MatMuls and
 * embedding tables); the tagger stays fp32, its MatMul is a rounding error of the cost.
 *
 * <p>Stateless and thread-safe; two writers must not share a folder.
 */
public final class BundleWriter {

    /** The four files of a bundle. */
    public static final String ENCODER = "encoder.onnx";
    public static final String TAGGER = "tagger.onnx";
    public static final String TOKENIZER = "tokenizer.json";
    public static final String MANIFEST = "model.json";

    /** Largest bundle written by default: 80 MB. */
    public static final long DEFAULT_MAX_BYTES = 80_000_000L;

    /** Numeric precision of the written encoder. */
    public enum Precision {
        /** The encoder as trained. */
        FP32("fp32"),
        /** int8 MatMul weights and embedding tables, see {@link Int8Quantizer}. */
        INT8("int8");

        private final String manifestName;

        Precision(String manifestName) {
            this.manifestName = manifestName;
        }

        /** The {@code quantization} value of {@code model.json}. */
        public String manifestName() {
            return manifestName;
        }
    }

    /**
     * What goes into a bundle.
     *
     * @param encoderOnnx   fp32 encoder graph honouring the bundle's graph contract
     * @param taggerWeight  linear head {@code [hidden][labels]}
     * @param taggerBias    {@code [labels]}
     * @param tokenizerJson the encoder's Hugging Face {@code tokenizer.json}
     * @param manifest      labels, CRF and metadata; its {@code files} and {@code quantization}
     *                      are replaced by what is written
     */
    public record Contents(Path encoderOnnx, float[][] taggerWeight, float[] taggerBias, Path tokenizerJson,
                           BundleManifest manifest) {
        public Contents {
            Objects.requireNonNull(encoderOnnx, "encoderOnnx");
            Objects.requireNonNull(taggerWeight, "taggerWeight");
            Objects.requireNonNull(taggerBias, "taggerBias");
            Objects.requireNonNull(tokenizerJson, "tokenizerJson");
            Objects.requireNonNull(manifest, "manifest");
        }
    }

    /** Thrown when the written bundle is larger than allowed; the folder is left without a {@code model.json}. */
    public static final class BundleTooLargeException extends IOException {
        BundleTooLargeException(String message) {
            super(message);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private BundleWriter() {}

    /** {@link #write(Path, Contents, Precision, long)} with {@link #DEFAULT_MAX_BYTES}. */
    public static BundleManifest write(Path folder, Contents contents, Precision precision) throws IOException {
        return write(folder, contents, precision, DEFAULT_MAX_BYTES);
    }

    /**
     * Writes the bundle into {@code folder} (created if absent; files of the same names are
     * replaced). {@code model.json} is written last, so a folder with one is complete.
     *
     * @return the manifest as written
     * @throws IllegalArgumentException when labels, tagger and CRF do not fit together or
     *                                  the tagger does not fit the encoder's hidden size
     * @throws BundleTooLargeException  when the files add up to more than {@code maxBytes}
     */
    public static BundleManifest write(Path folder, Contents contents, Precision precision, long maxBytes)
            throws IOException {
        BundleManifest m = contents.manifest();
        int labels = m.labels().size();
        checkShapes(contents, labels);

        OnnxModelFile encoder = OnnxModelFile.read(contents.encoderOnnx());
        int hidden = encoderHiddenSize(encoder);
        if (contents.taggerWeight().length != hidden) {
            throw new IllegalArgumentException("tagger weight has " + contents.taggerWeight().length
                    + " rows, the encoder's hidden size is " + hidden);
        }
        Files.createDirectories(folder);
        Files.deleteIfExists(folder.resolve(MANIFEST));
        (precision == Precision.INT8 ? Int8Quantizer.quantize(encoder, true) : encoder).write(folder.resolve(ENCODER));
        LinearTaggerGraph.write(folder.resolve(TAGGER), contents.taggerWeight(), contents.taggerBias());
        writeTokenizer(contents.tokenizerJson(), folder.resolve(TOKENIZER));

        Map<String, String> files = new LinkedHashMap<>();
        long total = 0;
        for (String name : List.of(ENCODER, TAGGER, TOKENIZER)) {
            files.put(name, sha256(folder.resolve(name)));
            total += Files.size(folder.resolve(name));
        }
        if (total > maxBytes) {
            throw new BundleTooLargeException(String.format("bundle in %s is %.1f MB, more than %.1f MB%s", folder,
                    total / 1e6, maxBytes / 1e6, precision == Precision.FP32 ? "; write it as int8" : ""));
        }
        BundleManifest written = new BundleManifest(m.formatVersion(), m.name(), m.version(), m.language(),
                m.labels(), m.tagScheme(), m.maxSequenceLength(), m.lowercase(), precision.manifestName(), m.crf(),
                m.encoder(), m.training(), m.scores(), files);
        JSON.writeValue(folder.resolve(MANIFEST).toFile(), written);
        return written;
    }

    private static void checkShapes(Contents c, int labels) {
        if (labels == 0) {
            throw new IllegalArgumentException("manifest has no labels");
        }
        if (c.taggerBias().length != labels) {
            throw new IllegalArgumentException("tagger bias has " + c.taggerBias().length + " values for " + labels + " labels");
        }
        for (float[] row : c.taggerWeight()) {
            if (row.length != labels) {
                throw new IllegalArgumentException("tagger weight has a row of " + row.length + " for " + labels + " labels");
            }
        }
        BundleManifest.Crf crf = c.manifest().crf();
        if (crf != null) {
            boolean square = crf.transitions().length == labels;
            for (float[] row : crf.transitions()) {
                square &= row.length == labels;
            }
            if (!square || crf.start().length != labels || crf.end().length != labels) {
                throw new IllegalArgumentException("CRF transitions, start and end must be sized for " + labels + " labels");
            }
        }
    }

    private static int encoderHiddenSize(OnnxModelFile encoder) {
        OnnxValueInfo out = encoder.outputs().stream().filter(o -> o.name().equals("last_hidden_state")).findFirst()
                .orElseThrow(() -> new OnnxFormatException("encoder has no output last_hidden_state"));
        if (out.shape().size() != 3 || !(out.shape().get(2) instanceof Long hidden)) {
            throw new OnnxFormatException("encoder output last_hidden_state has shape " + out.shape()
                    + ", not [batch, seq, hidden]");
        }
        return Math.toIntExact(hidden);
    }

    private static void writeTokenizer(Path source, Path target) throws IOException {
        JsonNode tree = JSON.readTree(source.toFile());
        if (!(tree instanceof ObjectNode tokenizer)) {
            throw new IOException(source + " is not a tokenizer.json object");
        }
        tokenizer.putNull("padding");
        tokenizer.putNull("truncation");
        JSON.writeValue(target.toFile(), tokenizer);
    }

    static String sha256(Path file) throws IOException {
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
            return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
