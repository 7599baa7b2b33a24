package io.nerco.train;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import io.nerco.model.BundleManifest;
import io.nerco.onnx.BertWeights;
import io.nerco.onnx.BundleWriter;
import io.nerco.onnx.FloatTensor;
import io.nerco.onnx.LstmEncoderGraph;
import io.nerco.onnx.OnnxModelFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a trained checkpoint as a model bundle: the encoder (a BERT as the pretrained encoder's
 * own graph with the trained initialisers, an LSTM student as {@link LstmEncoderGraph}), the
 * linear head as {@code tagger.onnx}, the CRF in {@code model.json}.
 */
public final class BundleExport {

    private BundleExport() {}

    /**
     * @param checkpoint  folder with {@code params.ndlist} (a {@link Checkpoints} folder)
     * @param pretrained  the ONNX encoder the run started from (a BERT's graph is reused)
     * @param tokenizer   the encoder's tokenizer.json
     * @param labels      labels in the order the head was trained with
     * @param config      the trained encoder's shape
     * @param metadata    name, version, language, encoder, training and scores for model.json
     * @return the manifest as written
     */
    public static BundleManifest export(Path checkpoint, Path pretrained, Path tokenizer, List<String> labels,
            EncoderConfig config, BundleManifest metadata, Path out, BundleWriter.Precision precision) throws IOException {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDList named = Checkpoints.read(checkpoint.resolve("params.ndlist"), manager);
            ModelParameters params = ModelParameters.of(config, labels.size(), named);
            OnnxModelFile trained = switch (config) {
                case BertConfig bert -> {
                    OnnxModelFile graph = OnnxModelFile.read(pretrained);
                    BertWeights layout = BertWeights.read(graph);
                    yield graph.withInitializers(layout.withValues(PretrainedEncoder.onnxValues(params, layout)).initializers());
                }
                case LstmConfig lstm -> LstmEncoderGraph.build(trainerValues(params, lstm));
            };
            Path encoder = Files.createTempFile("nerco-encoder", ".onnx");
            try {
                trained.write(encoder);
                int h = config.outputWidth();
                int n = labels.size();
                float[] head = params.values("head.weight");
                float[][] weight = new float[h][n];
                for (int label = 0; label < n; label++) {
                    for (int i = 0; i < h; i++) {
                        weight[i][label] = head[label * h + i];
                    }
                }
                float[] bias = params.values("head.bias");
                float[] flat = params.values("crf.transitions");
                float[][] transitions = new float[n][n];
                for (int i = 0; i < n; i++) {
                    System.arraycopy(flat, i * n, transitions[i], 0, n);
                }
                BundleManifest.Crf crf = new BundleManifest.Crf(transitions, params.values("crf.start"), params.values("crf.end"));
                BundleManifest manifest = new BundleManifest(1, metadata.name(), metadata.version(), metadata.language(), labels,
                        "BIO", metadata.maxSequenceLength(), metadata.lowercase(), precision.manifestName(), crf,
                        metadata.encoder(), metadata.training(), metadata.scores(), null);
                // fp32 is written for comparison only; what ships is int8 under the 80 MB limit
                long limit = precision == BundleWriter.Precision.FP32 ? Long.MAX_VALUE : BundleWriter.DEFAULT_MAX_BYTES;
                return BundleWriter.write(out, new BundleWriter.Contents(encoder, weight, bias, tokenizer, manifest), precision, limit);
            } finally {
                Files.deleteIfExists(encoder);
            }
        }
    }

    /** The encoder's arrays by trainer key, in the trainer's layout. */
    static Map<String, FloatTensor> trainerValues(ModelParameters params, EncoderConfig config) {
        Map<String, FloatTensor> values = new LinkedHashMap<>();
        for (Map.Entry<String, long[]> e : config.shapes().entrySet()) {
            values.put(e.getKey(), new FloatTensor(e.getValue(), params.values(e.getKey())));
        }
        return values;
    }
}
