package io.nerco.onnx;

import java.util.Arrays;

/**
 * A dense float tensor in row-major order, as ONNX stores initialisers.
 *
 * <p>Immutable in intent: the constructor and accessors do not copy, so callers that keep
 * a reference must not modify {@link #data()}. Thread-safe if not modified.
 *
 * @param shape dimensions, outermost first; never null, every dimension ≥ 0
 * @param data  the values, {@code product(shape)} of them; never null
 */
public record FloatTensor(long[] shape, float[] data) {

    public FloatTensor {
        if (shape == null || data == null) {
            throw new IllegalArgumentException("shape and data must not be null");
        }
        long size = elementCount(shape);
        if (size != data.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + size
                    + " values, data has " + data.length);
        }
    }

    /** A 2-D tensor from a rectangular matrix ({@code matrix[row][col]}); copies. */
    public static FloatTensor ofMatrix(float[][] matrix) {
        if (matrix.length == 0) {
            throw new IllegalArgumentException("matrix has no rows");
        }
        int rows = matrix.length;
        int cols = matrix[0].length;
        float[] data = new float[Math.multiplyExact(rows, cols)];
        for (int r = 0; r < rows; r++) {
            if (matrix[r].length != cols) {
                throw new IllegalArgumentException("row " + r + " has " + matrix[r].length + " values, row 0 has " + cols);
            }
            System.arraycopy(matrix[r], 0, data, r * cols, cols);
        }
        return new FloatTensor(new long[] {rows, cols}, data);
    }

    /** A 1-D tensor; copies. */
    public static FloatTensor ofVector(float[] vector) {
        return new FloatTensor(new long[] {vector.length}, vector.clone());
    }

    /** Number of dimensions. */
    public int rank() {
        return shape.length;
    }

    /** Dimension {@code i} as an int. */
    public int dim(int i) {
        return Math.toIntExact(shape[i]);
    }

    /** Whether this tensor has exactly the given shape. */
    public boolean hasShape(long... expected) {
        return Arrays.equals(shape, expected);
    }

    /** The values of a 2-D tensor as {@code [rows][cols]}; copies. */
    public float[][] toMatrix() {
        requireRank(2);
        int rows = dim(0);
        int cols = dim(1);
        float[][] matrix = new float[rows][cols];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(data, r * cols, matrix[r], 0, cols);
        }
        return matrix;
    }

    /** The transpose of a 2-D tensor, for example ONNX [in, out] to DJL {@code Linear}'s [out, in]. */
    public FloatTensor transpose() {
        requireRank(2);
        int rows = dim(0);
        int cols = dim(1);
        float[] t = new float[data.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                t[c * rows + r] = data[r * cols + c];
            }
        }
        return new FloatTensor(new long[] {cols, rows}, t);
    }

    private void requireRank(int rank) {
        if (shape.length != rank) {
            throw new IllegalStateException("tensor of shape " + Arrays.toString(shape) + " is not " + rank + "-D");
        }
    }

    static long elementCount(long[] shape) {
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in " + Arrays.toString(shape));
            }
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FloatTensor t && Arrays.equals(shape, t.shape) && Arrays.equals(data, t.data);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(shape) + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "FloatTensor" + Arrays.toString(shape);
    }
}
