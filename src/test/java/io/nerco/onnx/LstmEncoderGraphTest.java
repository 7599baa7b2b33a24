package io.nerco.onnx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The BiLSTM student's graph under ONNX Runtime: padding never reaches a real token, and the int8
 * rewrite of its LSTM nodes stays close to float. (That it computes what the trainer computes is
 * EncoderParityTest's.)
 */
class LstmEncoderGraphTest {

    private static final int VOCAB = 300;
    private static final int HIDDEN = 10;

    @TempDir
    Path dir;

    @Test
    void aSentenceGetsTheSameVectorsAloneAndPaddedInABatch() throws Exception {
        OnnxModelFile graph = LstmEncoderGraph.build(randomValues(2));
        assertThat(graph.initializerShape("embeddings.word_embeddings.weight"))
                .as("the projection is folded into the table").containsExactly(VOCAB, 12);
        float[][][] alone = run(graph, new long[][] {{5, 17, 42}}, new long[][] {{1, 1, 1}});
        float[][][] batch = run(graph, new long[][] {{7, 8, 9, 10, 11}, {5, 17, 42, 0, 0}},
                new long[][] {{1, 1, 1, 1, 1}, {1, 1, 1, 0, 0}});
        assertThat(batch[1][0]).hasSize(2 * HIDDEN);
        for (int t = 0; t < 3; t++) {
            for (int h = 0; h < 2 * HIDDEN; h++) {
                assertThat(batch[1][t][h]).isCloseTo(alone[0][t][h], offset(1e-5f));
            }
        }
    }

    @Test
    void theInt8RewriteQuantizesEveryLstmAndStaysClose() throws Exception {
        OnnxModelFile fp32 = LstmEncoderGraph.build(randomValues(2));
        OnnxModelFile int8 = Int8Quantizer.quantize(fp32, true);
        assertThat(int8.nodes().stream().filter(n -> n.opType().equals("DynamicQuantizeLSTM")).count()).isEqualTo(2);
        assertThat(int8.nodes().stream().noneMatch(n -> n.opType().equals("LSTM"))).isTrue();
        long[][] ids = {{3, 14, 15, 92, 65, 35}, {89, 79, 32, 38, 0, 0}};
        long[][] mask = {{1, 1, 1, 1, 1, 1}, {1, 1, 1, 1, 0, 0}};
        float[][][] expected = run(fp32, ids, mask);
        float[][][] actual = run(int8, ids, mask);
        double sum = 0;
        int tokens = 0;
        for (int b = 0; b < 2; b++) {
            for (int t = 0; t < 6; t++) {
                if (mask[b][t] == 1) {
                    sum += EncoderRunner.cosine(expected[b][t], actual[b][t]);
                    tokens++;
                }
            }
        }
        assertThat(sum / tokens).isGreaterThanOrEqualTo(0.99);
    }

    /** Trainer-layout values of a small student: table [vocab, 16], projection to 12, {@code layers} of 10 a direction. */
    private static Map<String, FloatTensor> randomValues(int layers) {
        Random random = new Random(11);
        Map<String, FloatTensor> values = new LinkedHashMap<>();
        values.put("embeddings.word_embeddings.weight", uniform(random, VOCAB, 16));
        values.put("embeddings.projection.weight", uniform(random, 12, 16));
        values.put("embeddings.projection.bias", uniform(random, 12));
        for (int l = 0; l < layers; l++) {
            for (String d : new String[] {"forward", "backward"}) {
                String p = "lstm." + l + "." + d + ".";
                values.put(p + "weight_ih", uniform(random, 4 * HIDDEN, l == 0 ? 12 : 2 * HIDDEN));
                values.put(p + "weight_hh", uniform(random, 4 * HIDDEN, HIDDEN));
                values.put(p + "bias_ih", uniform(random, 4 * HIDDEN));
                values.put(p + "bias_hh", uniform(random, 4 * HIDDEN));
            }
        }
        return values;
    }

    private static FloatTensor uniform(Random random, long... shape) {
        long size = 1;
        for (long d : shape) {
            size *= d;
        }
        float[] data = new float[Math.toIntExact(size)];
        for (int i = 0; i < data.length; i++) {
            data[i] = (random.nextFloat() * 2 - 1) * 0.5f;
        }
        return new FloatTensor(shape, data);
    }

    private float[][][] run(OnnxModelFile graph, long[][] ids, long[][] mask) throws Exception {
        Path file = Files.createTempFile(dir, "bilstm", ".onnx");
        graph.write(file);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(file.toString(), new OrtSession.SessionOptions());
             OnnxTensor i = OnnxTensor.createTensor(env, ids);
             OnnxTensor a = OnnxTensor.createTensor(env, mask);
             OrtSession.Result r = session.run(Map.of("input_ids", i, "attention_mask", a))) {
            return (float[][][]) r.get(0).getValue();
        }
    }
}
