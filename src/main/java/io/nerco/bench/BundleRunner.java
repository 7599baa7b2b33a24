package io.nerco.bench;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nerco.model.BundleManifest;
import io.nerco.optimize.EncoderFusion;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One model bundle opened for benchmarking: tokenizer, encoder and tagger sessions, and a pass
 * over length-bucketed batches that times tokenisation, encoder, tagger and decoding apart.
 * It follows the bundle's graph contract (see {@link BundleManifest}) directly on ONNX Runtime
 * because the serving tagger does not expose its stages' times.
 *
 * <p>Owns its sessions, options and tokenizer; the caller closes it. Not thread-safe: one pass
 * at a time, which is what a benchmark of a given thread count wants.
 */
public final class BundleRunner implements AutoCloseable {

    /** Window used when model.json states none. */
    static final int DEFAULT_MAX_LENGTH = 512;

    /**
     * Subword encodings of all sentences.
     *
     * @param ids       input ids per sentence, special tokens included, cut at the window
     * @param wordIds   word index per subword, -1 for special tokens
     * @param truncated sentences longer than the window, cut to it
     */
    public record Tokenized(long[][] ids, long[][] wordIds, int truncated) {
        public int[] lengths() {
            int[] n = new int[ids.length];
            for (int i = 0; i < n.length; i++) {
                n[i] = ids[i].length;
            }
            return n;
        }
    }

    private final Path dir;
    private final BundleManifest manifest;
    private final HuggingFaceTokenizer tokenizer;
    private final OrtSession.SessionOptions options;
    private final OrtSession encoder;
    private final OrtSession tagger;
    private final String encoderOutput;
    private final String taggerInput;
    private final String taggerOutput;
    private final boolean wantsTokenTypes;
    private final int maxLength;
    private int[][] lastTags = new int[0][];
    private float[][][] lastEmissions = new float[0][][];

    private BundleRunner(Path dir, BundleManifest manifest, HuggingFaceTokenizer tokenizer,
            OrtSession.SessionOptions options, OrtSession encoder, OrtSession tagger) {
        this.dir = dir;
        this.manifest = manifest;
        this.tokenizer = tokenizer;
        this.options = options;
        this.encoder = encoder;
        this.tagger = tagger;
        this.encoderOutput = encoder.getOutputNames().contains("last_hidden_state")
                ? "last_hidden_state" : encoder.getOutputNames().iterator().next();
        this.taggerInput = tagger.getInputNames().contains("hidden_states")
                ? "hidden_states" : tagger.getInputNames().iterator().next();
        this.taggerOutput = tagger.getOutputNames().contains("emissions")
                ? "emissions" : tagger.getOutputNames().iterator().next();
        this.wantsTokenTypes = encoder.getInputNames().contains("token_type_ids");
        this.maxLength = manifest.maxSequenceLength() > 0 ? manifest.maxSequenceLength() : DEFAULT_MAX_LENGTH;
    }

    private static byte[] fusedEncoder(Path file) {
        try {
            return EncoderFusion.forSession(file).bytes();
        } catch (IOException e) {
            throw new BenchInputException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Opens a bundle folder, the encoder fused as serving loads it.
     *
     * @param dir     folder with encoder.onnx, tagger.onnx, tokenizer.json and model.json
     * @param threads intra-op threads for both sessions
     * @throws BenchInputException if a file is missing or unreadable
     */
    public static BundleRunner open(Path dir, int threads) throws OrtException {
        return open(dir, threads, null, true);
    }

    /**
     * Opens a bundle folder with ONNX Runtime's profiler on (both sessions; ORT adds a
     * timestamp to the file name), for {@link #endEncoderProfiling}.
     *
     * @param profilePrefix where the profiles go, or null for no profiling
     * @param fused         load the encoder with {@link EncoderFusion}'s rewrites, as serving does;
     *                      false: as the file is written
     */
    public static BundleRunner open(Path dir, int threads, Path profilePrefix, boolean fused) throws OrtException {
        for (String file : List.of("encoder.onnx", "tagger.onnx", "tokenizer.json", "model.json")) {
            if (!Files.isRegularFile(dir.resolve(file))) {
                throw new BenchInputException("model bundle " + dir + " has no " + file);
            }
        }
        BundleManifest manifest;
        HuggingFaceTokenizer tokenizer;
        try {
            manifest = new ObjectMapper().readValue(dir.resolve("model.json").toFile(), BundleManifest.class);
            tokenizer = HuggingFaceTokenizer.newInstance(dir.resolve("tokenizer.json"),
                    Map.of("padding", "false", "truncation", "false"));
        } catch (IOException e) {
            throw new BenchInputException("cannot read bundle " + dir + ": " + e.getMessage(), e);
        }
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        OrtSession.SessionOptions options = null;
        OrtSession encoder = null;
        try {
            options = BenchSessions.options(threads);
            if (profilePrefix != null) {
                options.enableProfiling(profilePrefix.toString());
            }
            encoder = fused ? env.createSession(fusedEncoder(dir.resolve("encoder.onnx")), options)
                    : env.createSession(dir.resolve("encoder.onnx").toString(), options);
            OrtSession tagger = env.createSession(dir.resolve("tagger.onnx").toString(), options);
            return new BundleRunner(dir, manifest, tokenizer, options, encoder, tagger);
        } catch (OrtException | RuntimeException e) {
            if (encoder != null) {
                encoder.close();
            }
            if (options != null) {
                options.close();
            }
            tokenizer.close();
            throw e;
        }
    }

    public Path dir() {
        return dir;
    }

    public BundleManifest manifest() {
        return manifest;
    }

    /** Width of the encoder output, from its declared shape or else the tagger's first weight. */
    public long hiddenSize() throws OrtException {
        NodeInfo info = encoder.getOutputInfo().get(encoderOutput);
        if (info.getInfo() instanceof TensorInfo t && t.getShape().length == 3 && t.getShape()[2] > 0) {
            return t.getShape()[2];
        }
        List<long[]> weights = OnnxGraphFacts.read(dir.resolve("tagger.onnx")).weightShapes();
        if (weights.isEmpty()) {
            throw new BenchInputException("cannot tell the hidden size of " + dir);
        }
        return weights.getFirst()[0];
    }

    /** Encodes every sentence's words (sequentially: the Rust tokenizer's own threads would break the thread budget). */
    public Tokenized tokenize(List<LabeledSentence> sentences) {
        long[][] ids = new long[sentences.size()][];
        long[][] wordIds = new long[sentences.size()][];
        int truncated = 0;
        for (int i = 0; i < ids.length; i++) {
            Encoding e = tokenizer.encode(sentences.get(i).words().toArray(String[]::new));
            long[] id = e.getIds();
            long[] word = e.getWordIds();
            if (id.length > maxLength) {
                truncated++;
                id = java.util.Arrays.copyOf(id, maxLength);
                word = java.util.Arrays.copyOf(word, maxLength);
            }
            ids[i] = id;
            wordIds[i] = word;
        }
        return new Tokenized(ids, wordIds, truncated);
    }

    /** One pass over all batches; tokenize time is 0 here (the caller times {@link #tokenize}). */
    public StageTimes pass(LengthBuckets buckets, Tokenized tokens) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        long encoderNanos = 0;
        long taggerNanos = 0;
        long decodeNanos = 0;
        lastTags = new int[tokens.ids().length][];
        lastEmissions = new float[tokens.ids().length][][];
        for (int[] batch : buckets.batches()) {
            int rows = batch.length;
            int seq = buckets.paddedLength(batch);
            long t0 = System.nanoTime();
            LongBuffer ids = longs(rows * seq);
            LongBuffer mask = longs(rows * seq);
            for (int r = 0; r < rows; r++) {
                long[] sentence = tokens.ids()[batch[r]];
                for (int p = 0; p < seq; p++) {
                    ids.put(p < sentence.length ? sentence[p] : 0);
                    mask.put(p < sentence.length ? 1 : 0);
                }
            }
            long[] shape = {rows, seq};
            Map<String, OnnxTensor> inputs = new HashMap<>();
            try (OnnxTensor idTensor = OnnxTensor.createTensor(env, ids.flip(), shape);
                    OnnxTensor maskTensor = OnnxTensor.createTensor(env, mask.flip(), shape);
                    OnnxTensor typeTensor = wantsTokenTypes ? OnnxTensor.createTensor(env, longs(rows * seq), shape) : null) {
                inputs.put("input_ids", idTensor);
                inputs.put("attention_mask", maskTensor);
                if (typeTensor != null) {
                    inputs.put("token_type_ids", typeTensor);
                }
                try (OrtSession.Result encoded = encoder.run(inputs, java.util.Set.of(encoderOutput))) {
                    long t1 = System.nanoTime();
                    OnnxTensor hidden = (OnnxTensor) encoded.get(encoderOutput).orElseThrow();
                    try (OrtSession.Result tagged = tagger.run(Map.of(taggerInput, hidden), java.util.Set.of(taggerOutput))) {
                        long t2 = System.nanoTime();
                        decodeBatch((OnnxTensor) tagged.get(taggerOutput).orElseThrow(), batch, seq, tokens);
                        long t3 = System.nanoTime();
                        encoderNanos += t1 - t0;
                        taggerNanos += t2 - t1;
                        decodeNanos += t3 - t2;
                    }
                }
            }
        }
        return new StageTimes(0, encoderNanos, taggerNanos, decodeNanos);
    }

    /**
     * Label names per word of the last pass, by sentence index; words past a truncated window read "O".
     *
     * @param words words per sentence, as tokenised
     */
    public List<List<String>> lastTags(int[] words) {
        List<String> labels = manifest.labels();
        List<List<String>> out = new java.util.ArrayList<>(lastTags.length);
        for (int i = 0; i < lastTags.length; i++) {
            String[] tags = new String[words[i]];
            java.util.Arrays.fill(tags, "O");
            for (int w = 0; w < lastTags[i].length; w++) {
                tags[w] = labels.get(lastTags[i][w]);
            }
            out.add(List.of(tags));
        }
        return out;
    }

    /** The tagger's emissions of the last pass at each word's first subword, [sentence][word][label]. */
    public float[][][] lastEmissions() {
        return lastEmissions;
    }

    /** Stops the encoder session's profiler and returns its JSON file (only when opened with a profile prefix). */
    public Path endEncoderProfiling() throws OrtException {
        return Path.of(encoder.endProfiling());
    }

    private void decodeBatch(OnnxTensor emissions, int[] batch, int seq, Tokenized tokens) {
        FloatBuffer all = emissions.getFloatBuffer();
        int labels = Math.toIntExact(emissions.getInfo().getShape()[2]);
        for (int r = 0; r < batch.length; r++) {
            long[] wordIds = tokens.wordIds()[batch[r]];
            int words = 0;
            for (int p = 0; p < wordIds.length; p++) {
                if (wordIds[p] >= 0 && (p == 0 || wordIds[p] != wordIds[p - 1])) {
                    words++;
                }
            }
            float[][] wordEmissions = new float[words][labels];
            int w = 0;
            for (int p = 0; p < wordIds.length; p++) {
                if (wordIds[p] >= 0 && (p == 0 || wordIds[p] != wordIds[p - 1])) {
                    all.get(((r * seq) + p) * labels, wordEmissions[w++]);
                }
            }
            lastTags[batch[r]] = TagDecoding.decode(wordEmissions, manifest.crf());
            lastEmissions[batch[r]] = wordEmissions;
        }
    }

    private static LongBuffer longs(int n) {
        return ByteBuffer.allocateDirect(8 * n).order(ByteOrder.nativeOrder()).asLongBuffer();
    }

    @Override
    public void close() {
        try {
            tagger.close();
            encoder.close();
        } catch (OrtException e) {
            throw new IllegalStateException("closing sessions of " + dir, e);
        } finally {
            options.close();
            tokenizer.close();
        }
    }
}
