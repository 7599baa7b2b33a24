package io.nerco.model;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import io.nerco.optimize.EncoderFusion;
import java.io.IOException;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The encoder and (for a two-graph bundle) tagger sessions of one model, made once and shared
 * by all threads: {@code OrtSession.run} is thread-safe. Session options are explicit:
 * optimisation level ALL, the configured intra-op threads, one inter-op thread, and spinning
 * off, which on a busy machine made 2-thread latency 2-4 times better here. The encoder is
 * loaded with {@link EncoderFusion}'s fused operators, which ORT's own optimiser misses.
 *
 * <p>Owns the sessions and their options; {@link #close} frees them.
 */
final class OnnxSessions implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OnnxSessions.class);

    static final String INPUT_IDS = "input_ids";
    static final String ATTENTION_MASK = "attention_mask";
    static final String TOKEN_TYPE_IDS = "token_type_ids";
    static final String HIDDEN_STATES = "hidden_states";
    static final String EMISSIONS = "emissions";

    private final OrtEnvironment env = OrtEnvironment.getEnvironment();
    private final OrtSession.SessionOptions options;
    private final OrtSession encoder;
    private final OrtSession tagger;
    private final String encoderOutput;
    private final boolean tokenTypes;

    OnnxSessions(ModelBundle bundle, int intraOpThreads) {
        OrtSession.SessionOptions opts = null;
        OrtSession enc = null;
        OrtSession tag = null;
        try {
            opts = new OrtSession.SessionOptions();
            opts.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            opts.setIntraOpNumThreads(intraOpThreads);
            opts.setInterOpNumThreads(1);
            opts.addConfigEntry("session.intra_op.allow_spinning", "0");
            opts.addConfigEntry("session.inter_op.allow_spinning", "0");
            enc = openFused(bundle.encoderFile(), opts);
            checkEncoder(bundle.encoderFile(), enc);
            String output = bundle.singleGraph() ? "logits" : "last_hidden_state";
            if (!enc.getOutputNames().contains(output)) {
                output = enc.getOutputNames().iterator().next();
            }
            checkLastDim(bundle.encoderFile(), enc.getOutputInfo().get(output), bundle.singleGraph() ? bundle.labels().size() : -1);
            if (!bundle.singleGraph()) {
                tag = open(bundle.taggerFile(), opts);
                if (!tag.getInputNames().contains(HIDDEN_STATES) || !tag.getOutputNames().contains(EMISSIONS)) {
                    throw new InvalidBundleException(bundle.taggerFile(), "graph must take '" + HIDDEN_STATES
                            + "' and return '" + EMISSIONS + "'; it takes " + tag.getInputNames() + " and returns " + tag.getOutputNames());
                }
                checkLastDim(bundle.taggerFile(), tag.getOutputInfo().get(EMISSIONS), bundle.labels().size());
            }
            this.encoderOutput = output;
            this.tokenTypes = enc.getInputNames().contains(TOKEN_TYPE_IDS);
            this.options = opts;
            this.encoder = enc;
            this.tagger = tag;
        } catch (OrtException | RuntimeException e) {
            closeQuietly(tag);
            closeQuietly(enc);
            if (opts != null) {
                opts.close();
            }
            if (e instanceof InvalidBundleException ibe) {
                throw ibe;
            }
            throw new InvalidBundleException(bundle.dir(), "cannot open the model's sessions: " + e.getMessage(), e);
        }
    }

    /**
     * The encoder with {@link EncoderFusion}'s rewrites applied in memory (the file is not
     * changed). A fused graph ONNX Runtime refuses falls back to the file as written, with a
     * warning: fusion is an optimisation, never a reason not to serve.
     */
    private OrtSession openFused(Path file, OrtSession.SessionOptions opts) {
        EncoderFusion.Loaded loaded;
        try {
            loaded = EncoderFusion.forSession(file);
        } catch (com.google.protobuf.InvalidProtocolBufferException notOnnx) {
            return open(file, opts); // ONNX Runtime says what is wrong with it
        } catch (IOException e) {
            throw new InvalidBundleException(file, "cannot read the encoder: " + e.getMessage(), e);
        }
        EncoderFusion.Result fusion = loaded.fusion();
        if (!fusion.changed()) {
            return open(file, opts); // by path, not from the bytes, so weights stored beside the graph still load
        }
        try {
            OrtSession session = env.createSession(loaded.bytes(), opts);
            LOG.info("{}: fused {} SkipLayerNormalization, {} MultiHeadAttention, {} Gelu ({} -> {} nodes)", file,
                    fusion.skipLayerNorms(), fusion.attentions(), fusion.gelus(), fusion.nodesBefore(), fusion.nodesAfter());
            return session;
        } catch (OrtException e) {
            LOG.warn("{}: ONNX Runtime refused the fused encoder ({}); loading it as written", file, e.getMessage());
            return open(file, opts);
        }
    }

    private OrtSession open(Path file, OrtSession.SessionOptions opts) {
        try {
            return env.createSession(file.toString(), opts);
        } catch (OrtException e) {
            throw new InvalidBundleException(file, "not a loadable ONNX graph: " + e.getMessage(), e);
        }
    }

    private static void checkEncoder(Path file, OrtSession encoder) {
        Set<String> inputs = encoder.getInputNames();
        if (!inputs.contains(INPUT_IDS) || !inputs.contains(ATTENTION_MASK)) {
            throw new InvalidBundleException(file, "encoder must take '" + INPUT_IDS + "' and '" + ATTENTION_MASK + "'; it takes " + inputs);
        }
    }

    private static void checkLastDim(Path file, NodeInfo info, int expected) throws OrtException {
        if (!(info.getInfo() instanceof TensorInfo tensor) || tensor.getShape().length != 3) {
            throw new InvalidBundleException(file, "output '" + info.getName() + "' must be a 3-D float tensor, is " + info.getInfo());
        }
        long last = tensor.getShape()[2];
        if (expected > 0 && last > 0 && last != expected) {
            throw new InvalidBundleException(file, "output '" + info.getName() + "' has " + last + " labels, model declares " + expected);
        }
    }

    /**
     * Runs one padded batch to emissions.
     *
     * @param ids  [rows * seq] subword ids, row-major, padded with 0
     * @param mask [rows * seq] 1 for real subwords, 0 for padding
     * @return emissions [rows][seq][labels]
     */
    float[][][] emissions(long[] ids, long[] mask, int rows, int seq) throws OrtException {
        long[] shape = {rows, seq};
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try (OnnxTensor idTensor = OnnxTensor.createTensor(env, LongBuffer.wrap(ids), shape);
                OnnxTensor maskTensor = OnnxTensor.createTensor(env, LongBuffer.wrap(mask), shape);
                OnnxTensor typeTensor = tokenTypes ? OnnxTensor.createTensor(env, LongBuffer.wrap(new long[ids.length]), shape) : null) {
            inputs.put(INPUT_IDS, idTensor);
            inputs.put(ATTENTION_MASK, maskTensor);
            if (typeTensor != null) {
                inputs.put(TOKEN_TYPE_IDS, typeTensor);
            }
            try (OrtSession.Result encoded = encoder.run(inputs, Set.of(encoderOutput))) {
                OnnxTensor hidden = (OnnxTensor) encoded.get(0);
                if (tagger == null) {
                    return (float[][][]) hidden.getValue();
                }
                try (OrtSession.Result tagged = tagger.run(Map.of(HIDDEN_STATES, hidden), Set.of(EMISSIONS))) {
                    return (float[][][]) tagged.get(0).getValue();
                }
            }
        }
    }

    @Override
    public void close() {
        closeQuietly(tagger);
        closeQuietly(encoder);
        options.close();
    }

    private static void closeQuietly(OrtSession session) {
        if (session != null) {
            try {
                session.close();
            } catch (OrtException ignored) {
                // closing frees native memory; nothing is left to recover
            }
        }
    }
}
