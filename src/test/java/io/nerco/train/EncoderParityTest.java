package io.nerco.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.nerco.onnx.BertWeights;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The DJL encoder initialised from the MiniLM ONNX file computes what ONNX Runtime computes on that file. */
class EncoderParityTest {

    @Test
    void djlForwardMatchesOnnxRuntimeOnRealTokens() throws Exception {
        Path onnx = Path.of(System.getProperty("nerco.encoders.home", "target/encoders"),
                "all-minilm-l6-v2", "all-minilm-l6-v2.onnx");
        assumeTrue(Files.exists(onnx), "MiniLM encoder not unpacked at " + onnx + " (run the Maven build)");
        // two sentences of different length: the second is padded, so the mask matters
        long[][] ids = {{101, 7592, 2088, 2003, 1037, 3231, 102}, {101, 2651, 2003, 102, 0, 0, 0}};
        long[][] mask = {{1, 1, 1, 1, 1, 1, 1}, {1, 1, 1, 1, 0, 0, 0}};
        long[][] types = new long[2][7];

        float[][][] expected;
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(onnx.toString(), new OrtSession.SessionOptions());
             OnnxTensor i = OnnxTensor.createTensor(env, ids);
             OnnxTensor a = OnnxTensor.createTensor(env, mask);
             OnnxTensor t = OnnxTensor.createTensor(env, types);
             OrtSession.Result r = session.run(Map.of("input_ids", i, "attention_mask", a, "token_type_ids", t))) {
            expected = (float[][][]) r.get(0).getValue();
        }

        BertWeights weights = PretrainedEncoder.read(onnx);
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            BertParameters p = BertParameters.random(m, PretrainedEncoder.configOf(weights, 12, 0.1f), 3, 1);
            PretrainedEncoder.load(weights, p);
            NDArray idsArray = m.create(new long[] {101, 7592, 2088, 2003, 1037, 3231, 102, 101, 2651, 2003, 102, 0, 0, 0},
                    new Shape(2, 7));
            NDArray maskArray = m.create(new long[] {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0}, new Shape(2, 7));
            float[] actual = new BertEncoder(p).forward(idsArray, maskArray, false).toFloatArray();
            double maxDiff = 0;
            for (int b = 0; b < 2; b++) {
                for (int s = 0; s < 7; s++) {
                    if (mask[b][s] == 0) {
                        continue;
                    }
                    for (int h = 0; h < 384; h++) {
                        maxDiff = Math.max(maxDiff, Math.abs(actual[(b * 7 + s) * 384 + h] - expected[b][s][h]));
                    }
                }
            }
            assertThat(maxDiff).isLessThan(1e-4);
        }
    }
}
