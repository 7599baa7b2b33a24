package io.nerco.onnx;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Test helper: tokenizes sentences with the MiniLM tokenizer and runs an encoder file in ONNX Runtime. */
final class EncoderRunner implements AutoCloseable {

    static final List<String> SENTENCES = List.of(
            "EU rejects German call to boycott British lamb .",
            "Peter Blackburn",
            "The European Commission said on Thursday it disagreed with German advice to consumers to shun"
                    + " British lamb until scientists determine whether mad cow disease can be transmitted to sheep .",
            "Germany 's representative to the European Union 's veterinary committee Werner Zwingmann said on"
                    + " Wednesday consumers should buy sheepmeat from countries other than Britain .",
            "Rare Hendrix song draft sells for almost $ 17,000 .");

    private final HuggingFaceTokenizer tokenizer;
    private final long[][] ids;
    private final long[][] mask;

    EncoderRunner(List<String> sentences) throws IOException {
        tokenizer = HuggingFaceTokenizer.builder()
                .optTokenizerPath(MiniLm.tokenizer())
                .optPadding(false)
                .optTruncation(false)
                .build();
        List<Encoding> encodings = sentences.stream().map(tokenizer::encode).toList();
        int longest = encodings.stream().mapToInt(e -> e.getIds().length).max().orElseThrow();
        ids = new long[sentences.size()][longest];
        mask = new long[sentences.size()][longest];
        for (int s = 0; s < sentences.size(); s++) {
            long[] e = encodings.get(s).getIds();
            System.arraycopy(e, 0, ids[s], 0, e.length);
            for (int t = 0; t < e.length; t++) {
                mask[s][t] = 1;
            }
        }
    }

    int tokens() {
        int n = 0;
        for (long[] row : mask) {
            for (long m : row) {
                n += (int) m;
            }
        }
        return n;
    }

    /** last_hidden_state of the padded batch. */
    float[][][] run(OrtSession session) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OnnxTensor idTensor = OnnxTensor.createTensor(env, ids);
             OnnxTensor maskTensor = OnnxTensor.createTensor(env, mask);
             OnnxTensor typeTensor = OnnxTensor.createTensor(env, new long[ids.length][ids[0].length])) {
            Map<String, OnnxTensor> inputs = new HashMap<>();
            inputs.put("input_ids", idTensor);
            inputs.put("attention_mask", maskTensor);
            if (session.getInputNames().contains("token_type_ids")) {
                inputs.put("token_type_ids", typeTensor);
            }
            try (OrtSession.Result result = session.run(inputs)) {
                return (float[][][]) result.get("last_hidden_state").orElseThrow().getValue();
            }
        }
    }

    static OrtSession open(Path model) throws OrtException {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(2);
            options.addConfigEntry("session.intra_op.allow_spinning", "0");
            return OrtEnvironment.getEnvironment().createSession(model.toString(), options);
        }
    }

    /** Mean cosine between the two outputs over real (unpadded) tokens. */
    double meanCosine(float[][][] a, float[][][] b) {
        double sum = 0;
        int n = 0;
        for (int s = 0; s < mask.length; s++) {
            for (int t = 0; t < mask[s].length; t++) {
                if (mask[s][t] == 1) {
                    sum += cosine(a[s][t], b[s][t]);
                    n++;
                }
            }
        }
        return sum / n;
    }

    /** Largest absolute difference over real tokens. */
    double maxAbsDifference(float[][][] a, float[][][] b) {
        double max = 0;
        for (int s = 0; s < mask.length; s++) {
            for (int t = 0; t < mask[s].length; t++) {
                if (mask[s][t] == 1) {
                    for (int h = 0; h < a[s][t].length; h++) {
                        max = Math.max(max, Math.abs(a[s][t][h] - b[s][t][h]));
                    }
                }
            }
        }
        return max;
    }

    static double cosine(float[] x, float[] y) {
        double dot = 0;
        double nx = 0;
        double ny = 0;
        for (int i = 0; i < x.length; i++) {
            dot += x[i] * y[i];
            nx += x[i] * x[i];
            ny += y[i] * y[i];
        }
        return dot / Math.sqrt(nx * ny);
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
