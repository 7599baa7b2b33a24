package io.nerco.convert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The {@code encoder.json} that {@link SavedModelImport} writes beside an imported encoder: where
 * it came from and whether its tokenizer lowercases, recorded in the bundles trained from it.
 *
 * @param source    Maven coordinates (or another origin) of the original weights
 * @param layers    transformer layers kept
 * @param of        layers the original had
 * @param lowercase whether the tokenizer lowercases
 */
public record EncoderDescription(String source, int layers, int of, boolean lowercase) {

    /** The description in {@code folder}, when there is one. */
    public static Optional<EncoderDescription> read(Path folder) throws IOException {
        Path file = folder.resolve("encoder.json");
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        JsonNode d = new ObjectMapper().readTree(file.toFile());
        return Optional.of(new EncoderDescription(d.path("source").asText("unknown"), d.path("layers").asInt(),
                d.path("of").asInt(), d.path("lowercase").asBoolean(false)));
    }
}
