package io.nerco.bench;

import io.nerco.bench.OnnxGraphBuilder.ElementType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Random;

/**
 * Single-op ONNX graphs Y = X·W with a 3-D activation X [batch, seq, in] (2-D activations left
 * the second thread idle on small int8 shapes) and a constant weight W [in, out]. Weight values
 * are random: the time of a dense product does not depend on them. Stateless.
 */
public final class MatMulGraphs {

    private MatMulGraphs() {}

    /** The model bytes of one graph; input "x", output "y", batch and seq symbolic. */
    public static byte[] of(MatMulKind kind, int in, int out, long seed) {
        Random random = new Random(seed);
        long[] weightDims = {in, out};
        OnnxGraphBuilder g = new OnnxGraphBuilder();
        switch (kind) {
            case FP32 -> g.input("x", ElementType.FLOAT, "batch", "seq", (long) in)
                    .initializer("w", ElementType.FLOAT, weightDims, floats(random, in * out))
                    .node("MatMul", List.of("x", "w"), List.of("y"))
                    .output("y", ElementType.FLOAT, "batch", "seq", (long) out);
            case INT8_DYNAMIC -> g.input("x", ElementType.FLOAT, "batch", "seq", (long) in)
                    .initializer("w", ElementType.INT8, weightDims, bytes(random, in * out))
                    .initializer("w_scale", ElementType.FLOAT, new long[] {out}, scales(out))
                    .node("com.microsoft", "DynamicQuantizeMatMul", List.of("x", "w", "w_scale"), List.of("y"))
                    .output("y", ElementType.FLOAT, "batch", "seq", (long) out);
            case INT8_INTEGER -> g.input("x", ElementType.UINT8, "batch", "seq", (long) in)
                    .initializer("w", ElementType.INT8, weightDims, bytes(random, in * out))
                    .node("MatMulInteger", List.of("x", "w"), List.of("y"))
                    .output("y", ElementType.INT32, "batch", "seq", (long) out);
        }
        return g.toBytes();
    }

    private static byte[] floats(Random random, int n) {
        ByteBuffer b = ByteBuffer.allocate(4 * n).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            b.putFloat((float) (random.nextGaussian() * 0.05));
        }
        return b.array();
    }

    private static byte[] bytes(Random random, int n) {
        byte[] b = new byte[n];
        random.nextBytes(b);
        return b;
    }

    private static byte[] scales(int n) {
        ByteBuffer b = ByteBuffer.allocate(4 * n).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            b.putFloat(0.01f);
        }
        return b.array();
    }
}
