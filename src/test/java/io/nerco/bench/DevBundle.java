package io.nerco.bench;

import io.nerco.bench.OnnxGraphBuilder.ElementType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
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
        Files.write(dir.resolve("tagger.onnx"), linearTagger(384, LABELS.size()));
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

    static byte[] linearTagger(int hidden, int labels) {
        Random random = new Random(1);
        ByteBuffer w = ByteBuffer.allocate(4 * hidden * labels).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < hidden * labels; i++) {
            w.putFloat((float) random.nextGaussian());
        }
        ByteBuffer b = ByteBuffer.allocate(4 * labels).order(ByteOrder.LITTLE_ENDIAN);
        return new OnnxGraphBuilder()
                .input("hidden_states", ElementType.FLOAT, "batch", "seq", (long) hidden)
                .initializer("w", ElementType.FLOAT, new long[] {hidden, labels}, w.array())
                .initializer("b", ElementType.FLOAT, new long[] {labels}, b.array())
                .node("MatMul", List.of("hidden_states", "w"), List.of("z"))
                .node("Add", List.of("z", "b"), List.of("emissions"))
                .output("emissions", ElementType.FLOAT, "batch", "seq", (long) labels)
                .toBytes();
    }

    private static String vector(int n) {
        return java.util.Collections.nCopies(n, "0.0").toString();
    }

    private static String matrix(int n) {
        return java.util.Collections.nCopies(n, vector(n)).toString();
    }
}
