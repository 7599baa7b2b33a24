package io.nerco.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.nn.Activation;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.norm.LayerNorm;

/**
 * The forward pass of a post-LayerNorm BERT encoder, written from DJL's Linear, LayerNorm,
 * embedding, GELU (erf form) and dropout operators, because DJL's own transformer blocks
 * are not BERT (they use BatchNorm and another residual layout).
 *
 * <p>Embeddings word + position + token type (always type 0) → LayerNorm → dropout; each layer:
 * self-attention (q, k, v, o) → residual + LayerNorm → FFN with GELU → residual + LayerNorm.
 * Masked keys get float min added to their scores, as the ONNX export does.
 */
public final class BertEncoder implements Encoder {

    private final ModelParameters p;
    private final BertConfig c;

    BertEncoder(ModelParameters parameters, BertConfig config) {
        this.p = parameters;
        this.c = config;
    }

    @Override
    public NDArray forward(NDArray inputIds, NDArray attentionMask, boolean training) {
        long batch = inputIds.getShape().get(0);
        long seq = inputIds.getShape().get(1);
        if (seq > c.maxPositions()) {
            throw new IllegalArgumentException("sequence of " + seq + " exceeds " + c.maxPositions() + " positions");
        }
        NDArray words = inputIds.getNDArrayInternal()
                .embedding(inputIds, p.get(EncoderConfig.WORD_TABLE), SparseFormat.DENSE).singletonOrThrow();
        NDArray positions = p.get("embeddings.position_embeddings.weight").get("0:" + seq);
        NDArray type0 = p.get("embeddings.token_type_embeddings.weight").get("0:1");
        NDArray x = words.add(positions).add(type0);
        x = layerNorm(x, "embeddings.LayerNorm");
        x = dropout(x, training);

        NDArray keep = attentionMask.toType(DataType.FLOAT32, false);
        NDArray maskAdd = keep.neg().add(1f).mul(-Float.MAX_VALUE).reshape(batch, 1, 1, seq);
        for (int i = 0; i < c.layers(); i++) {
            x = layer(x, maskAdd, "encoder.layer." + i + ".", batch, seq, training);
        }
        return x;
    }

    private NDArray layer(NDArray x, NDArray maskAdd, String l, long batch, long seq, boolean training) {
        int heads = c.heads();
        int d = c.headSize();
        NDArray q = heads(linear(x, l + "attention.self.query"), batch, seq, heads, d);
        NDArray k = heads(linear(x, l + "attention.self.key"), batch, seq, heads, d);
        NDArray v = heads(linear(x, l + "attention.self.value"), batch, seq, heads, d);
        NDArray scores = q.matMul(k.transpose(0, 1, 3, 2)).div((float) Math.sqrt(d)).add(maskAdd);
        NDArray probs = dropout(scores.softmax(-1), training);
        NDArray context = probs.matMul(v).transpose(0, 2, 1, 3).reshape(batch, seq, c.hidden());
        NDArray attention = dropout(linear(context, l + "attention.output.dense"), training);
        x = layerNorm(attention.add(x), l + "attention.output.LayerNorm");
        NDArray inner = Activation.gelu(linear(x, l + "intermediate.dense"));
        NDArray out = dropout(linear(inner, l + "output.dense"), training);
        return layerNorm(out.add(x), l + "output.LayerNorm");
    }

    private static NDArray heads(NDArray x, long batch, long seq, int heads, int d) {
        return x.reshape(batch, seq, heads, d).transpose(0, 2, 1, 3);
    }

    private NDArray linear(NDArray x, String prefix) {
        return Linear.linear(x, p.get(prefix + ".weight"), p.get(prefix + ".bias")).singletonOrThrow();
    }

    private NDArray layerNorm(NDArray x, String prefix) {
        return LayerNorm.layerNorm(x, new Shape(c.hidden()), p.get(prefix + ".weight"), p.get(prefix + ".bias"),
                c.layerNormEps()).singletonOrThrow();
    }

    private NDArray dropout(NDArray x, boolean training) {
        return training && c.dropout() > 0 ? Dropout.dropout(x, c.dropout(), true).singletonOrThrow() : x;
    }
}
