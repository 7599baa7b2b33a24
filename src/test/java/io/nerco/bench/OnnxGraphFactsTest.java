package io.nerco.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nerco.bench.OnnxGraphBuilder.ElementType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OnnxGraphFactsTest {

    @TempDir
    Path dir;

    @Test
    void findsWeightShapesOfMatrixProductsWithInitialisersAndCountsSoftmax() throws Exception {
        byte[] model = new OnnxGraphBuilder()
                .input("x", ElementType.FLOAT, "b", "s", 4L)
                .node("MatMul", List.of("x", "w1"), List.of("h"))
                .node("Softmax", List.of("h"), List.of("p"))
                .node("com.microsoft", "DynamicQuantizeMatMul", List.of("p", "w2", "scale"), List.of("q"))
                .node("MatMul", List.of("q", "q"), List.of("y")) // no weight: attention-like, not counted here
                .initializer("w1", ElementType.FLOAT, new long[] {4, 3}, new byte[4 * 12])
                .initializer("w2", ElementType.INT8, new long[] {3, 2}, new byte[6])
                .initializer("scale", ElementType.FLOAT, new long[] {2}, new byte[8])
                .output("y", ElementType.FLOAT, "b", "s", "s")
                .toBytes();

        OnnxGraphFacts facts = OnnxGraphFacts.read(Files.write(dir.resolve("graph.onnx"), model));

        assertThat(facts.weightShapes()).containsExactly(new long[] {4, 3}, new long[] {3, 2});
        assertThat(facts.matmulParameters()).isEqualTo(12 + 6);
        assertThat(facts.softmaxNodes()).isEqualTo(1);
        assertThat(facts.shapeCounts()).containsExactly(
                java.util.Map.entry(List.of(4L, 3L), 1), java.util.Map.entry(List.of(3L, 2L), 1));
    }

    @Test
    void countsTheGateWeightsOfEachLstmDirectionInEitherLayout() throws Exception {
        // hidden 2, input 3: LSTM keeps W [dirs, 4h, in] and R [dirs, 4h, h]; the int8 operator their transposes
        byte[] model = new OnnxGraphBuilder()
                .input("x", ElementType.FLOAT, "s", "b", 3L)
                .node("LSTM", List.of("x", "w", "r"), List.of("y"))
                .node("com.microsoft", "DynamicQuantizeLSTM", List.of("y1", "wq", "rq"), List.of("z"))
                .initializer("w", ElementType.FLOAT, new long[] {2, 8, 3}, new byte[4 * 48])
                .initializer("r", ElementType.FLOAT, new long[] {2, 8, 2}, new byte[4 * 32])
                .initializer("wq", ElementType.INT8, new long[] {1, 3, 8}, new byte[24])
                .initializer("rq", ElementType.INT8, new long[] {1, 2, 8}, new byte[16])
                .output("z", ElementType.FLOAT, "s", 1L, "b", 2L)
                .toBytes();

        OnnxGraphFacts facts = OnnxGraphFacts.read(Files.write(dir.resolve("lstm.onnx"), model));

        assertThat(facts.weightShapes()).containsExactly(new long[] {3, 8}, new long[] {3, 8}, new long[] {2, 8},
                new long[] {2, 8}, new long[] {3, 8}, new long[] {2, 8});
        assertThat(facts.softmaxNodes()).isZero();
    }

    @Test
    void aFileThatIsNoModelIsANamedError() throws Exception {
        Path junk = Files.writeString(dir.resolve("junk.onnx"), "not a model");
        assertThatThrownBy(() -> OnnxGraphFacts.read(junk))
                .isInstanceOf(BenchInputException.class)
                .hasMessageContaining("junk.onnx");
    }
}
