package io.nerco.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How {@link StreamBench} runs. Immutable, validated on construction.
 *
 * @param bundle           model bundle folder
 * @param threads          intra-op threads of the serving tagger and of the bare-model run
 * @param batchSize        events per streaming batch (the topology's size bound)
 * @param maxLatency       the topology's wall-clock flush bound
 * @param maxBatchChars    the topology's character budget of a batch
 * @param modelBatchSize   sentences per inference batch, serving tagger and bare model alike
 * @param warmupEvents     events sent and awaited before anything is measured
 * @param saturationEvents events sent at once to find the maximum sustained throughput; 0 skips it
 * @param fixedRate        events per second of the load phase; 0 means {@code loadFraction} of the maximum
 * @param loadFraction     fraction of the maximum offered in the load phase when {@code fixedRate} is 0
 * @param loadDuration     how long the load phase offers events
 * @param drainTimeout     how long to wait, after a phase's last send, for its outputs
 * @param barePasses       measured passes of the bare model (after one warm-up); the median is reported
 */
public record StreamBenchSettings(Path bundle, int threads, int batchSize, Duration maxLatency, int maxBatchChars, int modelBatchSize,
        int warmupEvents, int saturationEvents, double fixedRate, double loadFraction, Duration loadDuration,
        Duration drainTimeout, int barePasses) {

    public StreamBenchSettings {
        Objects.requireNonNull(bundle, "bundle");
        Objects.requireNonNull(maxLatency, "maxLatency");
        Objects.requireNonNull(loadDuration, "loadDuration");
        Objects.requireNonNull(drainTimeout, "drainTimeout");
        if (threads < 1 || batchSize < 1 || maxBatchChars < 1 || modelBatchSize < 1 || warmupEvents < 0 || saturationEvents < 0 || barePasses < 1) {
            throw new IllegalArgumentException("threads, batch sizes and passes must be positive, event counts not negative");
        }
        if (fixedRate < 0 || Double.isNaN(fixedRate)) {
            throw new IllegalArgumentException("rate must be 0 (a fraction of the maximum) or positive: " + fixedRate);
        }
        if (fixedRate == 0 && saturationEvents == 0) {
            throw new IllegalArgumentException("without a fixed rate the maximum must be measured: saturation events > 0");
        }
        if (!(loadFraction > 0 && loadFraction <= 1)) {
            throw new IllegalArgumentException("load fraction must be in (0, 1]: " + loadFraction);
        }
        if (loadDuration.isNegative() || loadDuration.isZero() || drainTimeout.isNegative() || drainTimeout.isZero()) {
            throw new IllegalArgumentException("load duration and drain timeout must be positive");
        }
    }
}
