package io.nerco.bench;

import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

/**
 * Session options every benchmark session uses, so the model and the arithmetic limit run
 * under the same threading: {@code threads} intra-op threads, one inter-op thread, sequential
 * execution, spinning off (with spinning on, 2-thread latency was 2-4 times worse on this busy
 * machine), all graph optimisations. Stateless.
 */
public final class BenchSessions {

    private BenchSessions() {}

    /** New options; the caller closes them after every session made with them. */
    public static OrtSession.SessionOptions options(int threads) throws OrtException {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        try {
            options.setIntraOpNumThreads(threads);
            options.setInterOpNumThreads(1);
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            options.addConfigEntry("session.intra_op.allow_spinning", "0");
            options.addConfigEntry("session.inter_op.allow_spinning", "0");
            return options;
        } catch (OrtException | RuntimeException e) {
            options.close();
            throw e;
        }
    }
}
