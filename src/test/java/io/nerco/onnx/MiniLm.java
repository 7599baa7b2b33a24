package io.nerco.onnx;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the build unpacks the MiniLM encoder (see pom.xml, {@code unpack-encoders}). */
final class MiniLm {

    private MiniLm() {}

    static Path home() {
        return Path.of(System.getProperty("nerco.encoders.home", "target/encoders"), "all-minilm-l6-v2");
    }

    static Path onnx() {
        Path p = home().resolve("all-minilm-l6-v2.onnx");
        assumeTrue(Files.isRegularFile(p), "MiniLM encoder not unpacked at " + p + "; run the Maven build first");
        return p;
    }

    static Path tokenizer() {
        Path p = home().resolve("all-minilm-l6-v2-tokenizer.json");
        assumeTrue(Files.isRegularFile(p), "MiniLM tokenizer not unpacked at " + p + "; run the Maven build first");
        return p;
    }
}
