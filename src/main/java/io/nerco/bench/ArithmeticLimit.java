package io.nerco.bench;

import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Measures the machine's arithmetic limit for a model: each of the model's weight shapes
 * [in, out] as a single-op ONNX Runtime graph on an activation [batch, seq, in], under the
 * same session options as the model. A shape's rate is 2·batch·seq·in·out over the median
 * run time; a kind's limit for the model is the model's mix of shapes, weighted as the model
 * weights them (total FLOPs ÷ total time), so it is the rate the model would reach if all its
 * time went to its matrix products. Not thread-safe; owns no native resource between calls.
 *
 * @param threads    intra-op threads
 * @param batch      activation batch
 * @param seq        activation sequence length
 * @param warmupRuns runs before timing, per shape
 * @param minRuns    timed runs at least, per shape
 * @param minSeconds timed seconds at least, per shape
 */
public record ArithmeticLimit(int threads, int batch, int seq, int warmupRuns, int minRuns, double minSeconds) {

    /** One shape's measurement. */
    public record ShapeRate(MatMulKind kind, int in, int out, int count, double medianSeconds, int runs) {
        public double flopsPerRun(int batch, int seq) {
            return 2.0 * batch * seq * in * out;
        }
    }

    /** A kind's shapes and its mix-weighted limit in FLOP/s. */
    public record KindLimit(MatMulKind kind, List<ShapeRate> shapes, double flopsPerSecond) {}

    /**
     * @param shapeCounts the model's distinct weight shapes [in, out] and how often each occurs
     * @param kinds       which graphs to measure
     */
    public List<KindLimit> measure(Map<List<Long>, Integer> shapeCounts, List<MatMulKind> kinds) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        List<KindLimit> limits = new ArrayList<>();
        try (OrtSession.SessionOptions options = BenchSessions.options(threads)) {
            for (MatMulKind kind : kinds) {
                List<ShapeRate> rates = new ArrayList<>();
                double flops = 0;
                double seconds = 0;
                for (Map.Entry<List<Long>, Integer> e : shapeCounts.entrySet()) {
                    int in = Math.toIntExact(e.getKey().get(0));
                    int out = Math.toIntExact(e.getKey().get(1));
                    ShapeRate rate = measure(env, options, kind, in, out, e.getValue());
                    rates.add(rate);
                    flops += rate.count() * rate.flopsPerRun(batch, seq);
                    seconds += rate.count() * rate.medianSeconds();
                }
                limits.add(new KindLimit(kind, rates, flops / seconds));
            }
        }
        return limits;
    }

    private ShapeRate measure(OrtEnvironment env, OrtSession.SessionOptions options, MatMulKind kind,
            int in, int out, int count) throws OrtException {
        try (OrtSession session = env.createSession(MatMulGraphs.of(kind, in, out, 42), options);
                OnnxTensor x = activation(env, kind, in)) {
            Map<String, OnnxTensor> inputs = Map.of("x", x);
            for (int i = 0; i < warmupRuns; i++) {
                session.run(inputs).close();
            }
            List<Long> times = new ArrayList<>();
            long started = System.nanoTime();
            while (times.size() < minRuns || System.nanoTime() - started < minSeconds * 1e9) {
                long t0 = System.nanoTime();
                session.run(inputs).close();
                times.add(System.nanoTime() - t0);
            }
            long[] nanos = times.stream().mapToLong(Long::longValue).toArray();
            return new ShapeRate(kind, in, out, count, Stopwatch.medianSeconds(nanos), nanos.length);
        }
    }

    private OnnxTensor activation(OrtEnvironment env, MatMulKind kind, int in) throws OrtException {
        long[] shape = {batch, seq, in};
        int n = batch * seq * in;
        Random random = new Random(7);
        if (kind == MatMulKind.INT8_INTEGER) {
            ByteBuffer b = ByteBuffer.allocateDirect(n).order(ByteOrder.nativeOrder());
            for (int i = 0; i < n; i++) {
                b.put((byte) random.nextInt(256));
            }
            return OnnxTensor.createTensor(env, b.flip(), shape, OnnxJavaType.UINT8);
        }
        FloatBuffer f = ByteBuffer.allocateDirect(4 * n).order(ByteOrder.nativeOrder()).asFloatBuffer();
        for (int i = 0; i < n; i++) {
            f.put((float) random.nextGaussian());
        }
        return OnnxTensor.createTensor(env, f.flip(), shape);
    }
}
