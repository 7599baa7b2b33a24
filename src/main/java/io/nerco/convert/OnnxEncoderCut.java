package io.nerco.convert;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nerco.onnx.BertEncoderGraph;
import io.nerco.onnx.BertWeights;
import io.nerco.onnx.FloatTensor;
import io.nerco.onnx.Int8Dequantizer;
import io.nerco.onnx.OnnxFormatException;
import io.nerco.onnx.OnnxModelFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The bottom layers of a BERT-style ONNX encoder (a bundle's {@code encoder.onnx}, fp32 or int8,
 * or any encoder {@code nerco train} reads) as a new fp32 encoder folder, optionally with
 * narrower feed-forward blocks: how a student starts from its teacher's layers. The embeddings
 * and the kept layers carry their trained values (an int8 source's dequantized). Stateless.
 */
public final class OnnxEncoderCut {

    private static final ObjectMapper JSON = new ObjectMapper();

    private OnnxEncoderCut() {}

    /**
     * @param source a bundle folder ({@code encoder.onnx}, {@code tokenizer.json}) or an ONNX
     *               encoder with a {@code *tokenizer.json} beside it
     * @param layers bottom layers to keep, 1 to all
     * @param heads  attention heads (0: hidden / 64)
     * @param intermediate feed-forward neurons to keep per layer (0: all); see {@link FeedForwardPruning}
     */
    public static SavedModelImport.Result run(Path source, int layers, int heads, int intermediate, String name, Path out)
            throws IOException {
        Path onnx = Files.isDirectory(source) ? source.resolve("encoder.onnx") : source;
        Path folder = onnx.toAbsolutePath().getParent();
        Path tokenizer = Files.isDirectory(source) ? source.resolve("tokenizer.json") : tokenizerBeside(folder);
        BertWeights weights;
        boolean quantized;
        try {
            OnnxModelFile model = OnnxModelFile.read(onnx);
            quantized = Int8Dequantizer.isQuantized(model);
            weights = BertWeights.read(quantized ? Int8Dequantizer.dequantize(model) : model);
        } catch (OnnxFormatException | IllegalArgumentException e) {
            throw new TensorBundleException(onnx + " is not a BERT-style encoder: " + e.getMessage());
        }
        int of = weights.layers().size();
        int keep = layers == 0 ? of : layers;
        if (keep < 1 || keep > of) {
            throw new TensorBundleException(onnx + " has " + of + " layers; cannot keep " + layers);
        }
        Map<String, FloatTensor> values = new LinkedHashMap<>();
        for (Map.Entry<String, FloatTensor> e : weights.valuesByKey().entrySet()) {
            if (!e.getKey().startsWith("encoder.layer.") || layerOf(e.getKey()) < keep) {
                values.put(e.getKey(), e.getValue());
            }
        }
        if (intermediate != 0) {
            values = FeedForwardPruning.prune(values, intermediate);
        }
        int hidden = weights.hiddenSize();
        int headCount = heads == 0 ? hidden / 64 : heads;
        Files.createDirectories(out);
        Path written = out.resolve(name + ".onnx");
        BertEncoderGraph.build(values, headCount, 1e-12f).write(written);
        Path tokenizerOut = out.resolve(name + "-tokenizer.json");
        Files.copy(tokenizer, tokenizerOut, StandardCopyOption.REPLACE_EXISTING);
        EncoderDescription before = EncoderDescription.describe(onnx, tokenizer);
        ObjectNode d = JSON.createObjectNode();
        d.put("source", onnx.toAbsolutePath().normalize().toString()).put("layers", keep).put("of", of)
                .put("hidden", hidden).put("heads", headCount)
                .put("intermediate", intermediate == 0 ? weights.intermediateSize() : intermediate)
                .put("ofIntermediate", weights.intermediateSize()).put("dequantized", quantized)
                .put("lowercase", before.lowercase());
        Path description = out.resolve("encoder.json");
        Files.writeString(description, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(d));
        return new SavedModelImport.Result(written, tokenizerOut, description, keep, hidden, weights.vocabularySize());
    }

    private static int layerOf(String key) {
        String rest = key.substring("encoder.layer.".length());
        return Integer.parseInt(rest.substring(0, rest.indexOf('.')));
    }

    private static Path tokenizerBeside(Path folder) throws IOException {
        try (var files = Files.list(folder)) {
            var found = files.filter(p -> p.getFileName().toString().endsWith("tokenizer.json")).toList();
            if (found.size() != 1) {
                throw new TensorBundleException("expected one *tokenizer.json beside the encoder in " + folder + ", found " + found);
            }
            return found.getFirst();
        }
    }
}
