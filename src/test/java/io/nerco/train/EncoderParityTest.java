package io.nerco.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.nerco.onnx.BertEncoderGraph;
import io.nerco.onnx.BertWeights;
import io.nerco.onnx.LstmEncoderGraph;
import io.nerco.onnx.RandomBert;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The DJL encoder initialised from an ONNX encoder computes what ONNX Runtime computes on that
 * file: for the MiniLM export from Maven Central, for a graph the project writes itself
 * ({@link BertEncoderGraph}, random weights), for BERT-base cased imported from TensorFlow
 * when it has been imported, and for a BiLSTM student as {@link LstmEncoderGraph} writes it.
 */
class EncoderParityTest {

    // two sentences of different length: the second is padded, so the mask matters
    private static final long[][] IDS = {{101, 7592, 2088, 2003, 1037, 3231, 102}, {101, 2651, 2003, 102, 0, 0, 0}};
    private static final long[][] MASK = {{1, 1, 1, 1, 1, 1, 1}, {1, 1, 1, 1, 0, 0, 0}};

    private static final Path ENCODERS = Path.of(System.getProperty("nerco.encoders.home", "target/encoders"));

    @Test
    void djlForwardMatchesOnnxRuntimeOnMiniLm() throws Exception {
        Path onnx = ENCODERS.resolve("all-minilm-l6-v2/all-minilm-l6-v2.onnx");
        assumeTrue(Files.exists(onnx), "MiniLM encoder not unpacked at " + onnx + " (run the Maven build)");
        assertThat(maxDifferenceOnRealTokens(onnx, 12)).isLessThan(1e-4);
    }

    @Test
    void djlForwardMatchesOnnxRuntimeOnBgeSmallZh() throws Exception {
        Path onnx = ENCODERS.resolve("bge-small-zh-v15/bge-small-zh-v1.5.onnx");
        assumeTrue(Files.exists(onnx), "bge-small-zh encoder not unpacked at " + onnx + " (run the Maven build)");
        assertThat(maxDifferenceOnRealTokens(onnx, 8)).isLessThan(1e-4);
    }

    @Test
    void djlForwardMatchesOnnxRuntimeOnAGraphTheProjectWrites(@TempDir Path dir) throws Exception {
        Path onnx = dir.resolve("small-bert.onnx");
        BertEncoderGraph.build(RandomBert.weights(8000, 64, 2, 128, 40), 4, 1e-12f).write(onnx);
        assertThat(maxDifferenceOnRealTokens(onnx, 4)).isLessThan(1e-4);
    }

    @Test
    void djlForwardMatchesOnnxRuntimeOnImportedBertBaseCased() throws Exception {
        Path onnx = ENCODERS.resolve("bert-base-cased-l6/bert-base-cased-l6.onnx");
        assumeTrue(Files.exists(onnx), "BERT-base cased not imported at " + onnx
                + " (README: Training, nerco import-encoder); skipping its parity check");
        assertThat(maxDifferenceOnRealTokens(onnx, 12)).isLessThan(1e-4);
    }

    @Test
    void djlForwardMatchesOnnxRuntimeOnABiLstmStudent(@TempDir Path dir) throws Exception {
        // the export folds the projection into the table and reorders gates; ORT reverses by sequence_lens,
        // the trainer by its own index: the two must agree on every real token of the padded batch
        LstmConfig config = new LstmConfig(8000, 64, 32, 24, 2, 40, 0.1f);
        Path onnx = dir.resolve("bilstm.onnx");
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            ModelParameters p = ModelParameters.random(m, config, 3, 1);
            LstmEncoderGraph.build(BundleExport.trainerValues(p, config)).write(onnx);
            assertThat(maxDifferenceOnRealTokens(expected(onnx, false), djlForward(p, m), config.outputWidth()))
                    .isLessThan(1e-4);
        }
    }

    private static double maxDifferenceOnRealTokens(Path onnx, int heads) throws Exception {
        float[][][] expected = expected(onnx, true);
        BertWeights weights = PretrainedEncoder.read(onnx);
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            ModelParameters p = ModelParameters.random(m, PretrainedEncoder.configOf(weights, heads, 0.1f), 3, 1);
            PretrainedEncoder.load(weights, p);
            return maxDifferenceOnRealTokens(expected, djlForward(p, m), weights.hiddenSize());
        }
    }

    /** ONNX Runtime's output on the batch. */
    private static float[][][] expected(Path onnx, boolean tokenTypes) throws Exception {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(onnx.toString(), new OrtSession.SessionOptions());
             OnnxTensor i = OnnxTensor.createTensor(env, IDS);
             OnnxTensor a = OnnxTensor.createTensor(env, MASK);
             OnnxTensor t = OnnxTensor.createTensor(env, new long[2][7]);
             OrtSession.Result r = session.run(tokenTypes ? Map.of("input_ids", i, "attention_mask", a, "token_type_ids", t)
                     : Map.of("input_ids", i, "attention_mask", a))) {
            return (float[][][]) r.get(0).getValue();
        }
    }

    private static float[] djlForward(ModelParameters p, NDManager m) {
        NDArray ids = m.create(Arrays.stream(IDS).flatMapToLong(Arrays::stream).toArray(), new Shape(2, 7));
        NDArray mask = m.create(Arrays.stream(MASK).flatMapToLong(Arrays::stream).toArray(), new Shape(2, 7));
        return Encoder.of(p).forward(ids, mask, false).toFloatArray();
    }

    private static double maxDifferenceOnRealTokens(float[][][] expected, float[] actual, int hidden) {
        double maxDiff = 0;
        for (int b = 0; b < 2; b++) {
            for (int s = 0; s < 7; s++) {
                if (MASK[b][s] == 0) {
                    continue;
                }
                for (int h = 0; h < hidden; h++) {
                    maxDiff = Math.max(maxDiff, Math.abs(actual[(b * 7 + s) * hidden + h] - expected[b][s][h]));
                }
            }
        }
        return maxDiff;
    }
}
