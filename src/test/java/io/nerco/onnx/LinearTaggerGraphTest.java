package io.nerco.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LinearTaggerGraphTest {

    private static final int HIDDEN = 16;
    private static final int LABELS = 9;

    @Test
    void onnxRuntimeComputesTheSameEmissionsAsJava(@TempDir Path dir) throws IOException, OrtException {
        Random random = new Random(7);
        float[][] weight = randomMatrix(random, HIDDEN, LABELS);
        float[] bias = randomMatrix(random, 1, LABELS)[0];
        Path file = dir.resolve("tagger.onnx");
        LinearTaggerGraph.write(file, weight, bias);

        int batch = 3;
        int seq = 5;
        float[][][] hidden = new float[batch][][];
        for (int b = 0; b < batch; b++) {
            hidden[b] = randomMatrix(random, seq, HIDDEN);
        }

        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions();
             OrtSession session = env.createSession(file.toString(), options)) {
            assertThat(session.getInputNames()).containsExactly(LinearTaggerGraph.INPUT);
            assertThat(session.getOutputNames()).containsExactly(LinearTaggerGraph.OUTPUT);
            NodeInfo out = session.getOutputInfo().get(LinearTaggerGraph.OUTPUT);
            assertThat(((TensorInfo) out.getInfo()).getShape()).containsExactly(-1, -1, LABELS);

            try (OnnxTensor input = OnnxTensor.createTensor(env, hidden);
                 OrtSession.Result result = session.run(Map.of(LinearTaggerGraph.INPUT, input))) {
                float[][][] emissions = (float[][][]) result.get(0).getValue();
                assertThat(emissions).hasNumberOfRows(batch);
                for (int b = 0; b < batch; b++) {
                    for (int t = 0; t < seq; t++) {
                        for (int l = 0; l < LABELS; l++) {
                            double expected = bias[l];
                            for (int h = 0; h < HIDDEN; h++) {
                                expected += hidden[b][t][h] * weight[h][l];
                            }
                            assertThat((double) emissions[b][t][l]).isCloseTo(expected, within(1e-4));
                        }
                    }
                }
            }
        }
    }

    @Test
    void readsBackAsTheBundleContractSays() {
        OnnxModelFile model = LinearTaggerGraph.build(new float[HIDDEN][LABELS], new float[LABELS]);
        assertThat(model.inputs()).singleElement().satisfies(in -> {
            assertThat(in.name()).isEqualTo("hidden_states");
            assertThat(in.shape()).containsExactly("batch", "seq", (long) HIDDEN);
        });
        assertThat(model.outputs().getFirst().shape()).containsExactly("batch", "seq", (long) LABELS);
        assertThat(model.opsetImports()).containsEntry("", 17L);
    }

    @Test
    void refusesABiasOfTheWrongLength() {
        assertThatThrownBy(() -> LinearTaggerGraph.build(new float[HIDDEN][LABELS], new float[LABELS + 1]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bias");
    }

    static float[][] randomMatrix(Random random, int rows, int cols) {
        float[][] m = new float[rows][cols];
        for (float[] row : m) {
            for (int c = 0; c < cols; c++) {
                row[c] = (float) random.nextGaussian();
            }
        }
        return m;
    }
}
