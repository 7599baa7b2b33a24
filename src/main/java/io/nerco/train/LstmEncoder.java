package io.nerco.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import io.nerco.onnx.LstmEncoderGraph;

/**
 * The forward pass of an {@link LstmConfig} encoder on PyTorch's fused LSTM operator.
 *
 * <p>Rows are padded at their end. The forward direction never reaches the padding before a
 * real token; the backward direction would start in it, so each row is reversed within its own
 * length, run forwards, and reversed back (what ONNX's {@code LSTM} does with
 * {@code sequence_lens}). Outputs at padded positions are not meaningful.
 */
public final class LstmEncoder implements Encoder {

    private final ModelParameters p;
    private final LstmConfig c;

    LstmEncoder(ModelParameters parameters, LstmConfig config) {
        this.p = parameters;
        this.c = config;
    }

    @Override
    public NDArray forward(NDArray inputIds, NDArray attentionMask, boolean training) {
        long batch = inputIds.getShape().get(0);
        long seq = inputIds.getShape().get(1);
        NDArray words = inputIds.getNDArrayInternal()
                .embedding(inputIds, p.get(EncoderConfig.WORD_TABLE), SparseFormat.DENSE).singletonOrThrow();
        NDArray x = Linear.linear(words, p.get("embeddings.projection.weight"), p.get("embeddings.projection.bias"))
                .singletonOrThrow();
        x = dropout(x, training);
        NDArray reversal = reversal(attentionMask, batch, seq, inputIds.getManager());
        for (int l = 0; l < c.layers(); l++) {
            NDArray forward = direction(x, LstmEncoderGraph.prefix(l, "forward"), training);
            NDArray backward = reverse(direction(reverse(x, reversal), LstmEncoderGraph.prefix(l, "backward"), training), reversal);
            x = forward.concat(backward, -1);
            if (l + 1 < c.layers()) {
                x = dropout(x, training);
            }
        }
        return x;
    }

    /** One unidirectional LSTM layer over [batch, seq, in], from a zero state. */
    private NDArray direction(NDArray x, String prefix, boolean training) {
        long batch = x.getShape().get(0);
        NDManager m = x.getManager();
        Shape state = new Shape(1, batch, c.hidden());
        NDList weights = new NDList(p.get(prefix + "weight_ih"), p.get(prefix + "weight_hh"),
                p.get(prefix + "bias_ih"), p.get(prefix + "bias_hh"));
        return x.getNDArrayInternal()
                .lstm(x, new NDList(m.zeros(state), m.zeros(state)), weights, true, 1, 0.0, training, false, true)
                .head();
    }

    /** Flat row index that reverses each row of [batch, seq] within its length and leaves padding in place. */
    private static NDArray reversal(NDArray attentionMask, long batch, long seq, NDManager manager) {
        long[] lengths = attentionMask.toType(DataType.INT64, false).sum(new int[] {1}).toLongArray();
        long[] index = new long[Math.toIntExact(batch * seq)];
        for (int b = 0; b < batch; b++) {
            long n = lengths[b];
            for (int t = 0; t < seq; t++) {
                index[(int) (b * seq + t)] = b * seq + (t < n ? n - 1 - t : t);
            }
        }
        return manager.create(index, new Shape(batch, seq));
    }

    private static NDArray reverse(NDArray x, NDArray reversal) {
        Shape shape = x.getShape();
        NDArray flat = x.reshape(shape.get(0) * shape.get(1), shape.get(2));
        return reversal.getNDArrayInternal().embedding(reversal, flat, SparseFormat.DENSE).singletonOrThrow();
    }

    private NDArray dropout(NDArray x, boolean training) {
        return training && c.dropout() > 0 ? Dropout.dropout(x, c.dropout(), true).singletonOrThrow() : x;
    }
}
