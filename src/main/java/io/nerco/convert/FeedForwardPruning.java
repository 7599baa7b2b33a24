package io.nerco.convert;

import io.nerco.onnx.FloatTensor;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Narrows each layer's feed-forward block to its {@code width} most important neurons, the two
 * thirds of a BERT layer's matrix weights that can shrink without touching the residual width.
 * A neuron's importance is the product of the norms of its input column and its output row,
 * {@code |W_in[:, j]| · |W_out[j, :]|}: how much it can move the layer's output. The kept neurons
 * keep their order and values; the student's training recovers the rest. Stateless.
 */
final class FeedForwardPruning {

    private FeedForwardPruning() {}

    /**
     * @param valuesByKey encoder parameters by Hugging Face key, linear weights [in, out]
     * @param width       neurons to keep in every layer, 1 to the current width
     * @return a new map, the same keys, feed-forward tensors narrowed
     */
    static Map<String, FloatTensor> prune(Map<String, FloatTensor> valuesByKey, int width) {
        Map<String, FloatTensor> out = new LinkedHashMap<>(valuesByKey);
        for (int layer = 0; valuesByKey.containsKey(key(layer, "intermediate.dense.weight")); layer++) {
            FloatTensor in = valuesByKey.get(key(layer, "intermediate.dense.weight"));
            FloatTensor bias = valuesByKey.get(key(layer, "intermediate.dense.bias"));
            FloatTensor back = valuesByKey.get(key(layer, "output.dense.weight"));
            int neurons = in.dim(1);
            if (width < 1 || width > neurons) {
                throw new TensorBundleException("layer " + layer + " has " + neurons + " feed-forward neurons; cannot keep " + width);
            }
            int[] kept = mostImportant(in, back, width);
            out.put(key(layer, "intermediate.dense.weight"), columns(in, kept));
            out.put(key(layer, "intermediate.dense.bias"), elements(bias, kept));
            out.put(key(layer, "output.dense.weight"), rows(back, kept));
        }
        return out;
    }

    private static int[] mostImportant(FloatTensor in, FloatTensor back, int width) {
        int hidden = in.dim(0);
        int neurons = in.dim(1);
        double[] importance = new double[neurons];
        for (int j = 0; j < neurons; j++) {
            double column = 0;
            for (int i = 0; i < hidden; i++) {
                double v = in.data()[i * neurons + j];
                column += v * v;
            }
            double row = 0;
            for (int o = 0; o < back.dim(1); o++) {
                double v = back.data()[j * back.dim(1) + o];
                row += v * v;
            }
            importance[j] = Math.sqrt(column * row);
        }
        return IntStream.range(0, neurons).boxed()
                .sorted(Comparator.comparingDouble((Integer j) -> -importance[j]).thenComparingInt(j -> j))
                .limit(width).mapToInt(Integer::intValue).sorted().toArray();
    }

    private static FloatTensor columns(FloatTensor m, int[] kept) {
        int rows = m.dim(0);
        int cols = m.dim(1);
        float[] data = new float[rows * kept.length];
        for (int r = 0; r < rows; r++) {
            for (int k = 0; k < kept.length; k++) {
                data[r * kept.length + k] = m.data()[r * cols + kept[k]];
            }
        }
        return new FloatTensor(new long[] {rows, kept.length}, data);
    }

    private static FloatTensor rows(FloatTensor m, int[] kept) {
        int cols = m.dim(1);
        float[] data = new float[kept.length * cols];
        for (int k = 0; k < kept.length; k++) {
            System.arraycopy(m.data(), kept[k] * cols, data, k * cols, cols);
        }
        return new FloatTensor(new long[] {kept.length, cols}, data);
    }

    private static FloatTensor elements(FloatTensor v, int[] kept) {
        float[] data = new float[kept.length];
        for (int k = 0; k < kept.length; k++) {
            data[k] = v.data()[kept[k]];
        }
        return FloatTensor.ofVector(data);
    }

    private static String key(int layer, String rest) {
        return "encoder.layer." + layer + "." + rest;
    }
}
