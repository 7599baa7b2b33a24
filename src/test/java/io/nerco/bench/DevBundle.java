package io.nerco.bench;

import io.nerco.onnx.LinearTaggerGraph;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/**
 * A bundle for timing tests: the real MiniLM encoder and tokenizer (linked, not copied) and a
 * linear tagger with random weights. Its timings are real; its tags mean nothing.
 */
final class DevBundle {

    static final List<String> LABELS = List.of("O", "B-PER", "I-PER", "B-ORG", "I-ORG", "B-LOC", "I-LOC", "B-MISC", "I-MISC");

    private DevBundle() {}

    static Path encoders() {
        return Path.of(System.getProperty("nerco.encoders.home", "target/encoders"), "all-minilm-l6-v2");
    }

    static Path create(Path dir, boolean crf) throws IOException {
        Path encoders = encoders();
        Files.createSymbolicLink(dir.resolve("encoder.onnx"), encoders.resolve("all-minilm-l6-v2.onnx").toAbsolutePath());
        Files.createSymbolicLink(dir.resolve("tokenizer.json"), encoders.resolve("all-minilm-l6-v2-tokenizer.json").toAbsolutePath());
        writeLinearTagger(dir.resolve("tagger.onnx"), 384, LABELS.size());
        String crfJson = crf ? ", \"crf\": {\"transitions\": " + matrix(LABELS.size()) + ", \"start\": " + vector(LABELS.size())
                + ", \"end\": " + vector(LABELS.size()) + "}" : "";
        Files.writeString(dir.resolve("model.json"), """
                {"formatVersion": 1, "name": "dev-minilm", "version": "0", "language": "en",
                 "labels": %s, "tagScheme": "BIO", "maxSequenceLength": 128, "lowercase": true,
                 "quantization": "fp32"%s,
                 "scores": {"test": {"precision": 80.0, "recall": 80.0, "f1": 80.0}}}
                """.formatted(LABELS.stream().map(l -> "\"" + l + "\"").toList(), crfJson));
        return dir;
    }

    private static void writeLinearTagger(Path file, int hidden, int labels) throws IOException {
        Random random = new Random(1);
        float[][] weight = new float[hidden][labels];
        for (float[] row : weight) {
            for (int j = 0; j < labels; j++) {
                row[j] = (float) random.nextGaussian();
            }
        }
        LinearTaggerGraph.write(file, weight, new float[labels]);
    }

    private static String vector(int n) {
        return java.util.Collections.nCopies(n, "0.0").toString();
    }

    private static String matrix(int n) {
        return java.util.Collections.nCopies(n, vector(n)).toString();
    }
}
