package io.nerco.stream;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link TaggingTopology} on Kafka Streams: merges the topology's own settings into
 * the given config, checks the batch size against {@code max.poll.interval.ms}, starts, and
 * closes with {@link CloseOptions} that leave the consumer group, so a restarted instance
 * gets its partitions at once instead of after the session timeout. A stream thread that
 * dies because the schema registry stayed unreachable through all of the client's retries
 * (see {@link TransientFailures}) is replaced: its uncommitted work is aborted and redone by
 * the new thread, so an outage delays records but neither loses nor dead-letters them. Any
 * other death (a bug, never bad input, which is dead-lettered) shuts the client down and
 * {@link #failure()} tells why. Owns the {@link KafkaStreams}; not the tagger or serdes,
 * which the caller closes after {@link #close}. Thread-safe.
 */
public final class TaggingStreams implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TaggingStreams.class);
    /** How long {@link #close()} waits for in-flight batches and the final commit. */
    public static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);

    private final KafkaStreams streams;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final AtomicInteger replacedThreads = new AtomicInteger();
    private final CountDownLatch stopped = new CountDownLatch(1);

    private TaggingStreams(KafkaStreams streams) {
        this.streams = streams;
    }

    /**
     * Starts the topology and waits until it is running.
     *
     * @param topology      the topology, not null
     * @param settings      the settings it was built with (for the poll-interval check), not null
     * @param config        Streams and client settings; application id and bootstrap servers
     *                      required; the topology's handlers and dead-letter topic are added
     * @param startTimeout  how long to wait for RUNNING
     * @throws IllegalStateException when it does not reach RUNNING in time (it is closed then)
     */
    public static TaggingStreams start(TaggingTopology topology, TaggingSettings settings, Properties config,
            Duration startTimeout) throws InterruptedException {
        Objects.requireNonNull(topology, "topology");
        Properties props = new Properties();
        props.putAll(config);
        props.putAll(topology.streamsConfig());
        StreamsConfig streamsConfig = new StreamsConfig(props);
        Object maxPollInterval = streamsConfig.getMainConsumerConfigs("check", "check", 0)
                .get(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG);
        long maxPollIntervalMs = maxPollInterval == null ? 300_000 : Long.parseLong(maxPollInterval.toString());
        settings.requireSafeFor(maxPollIntervalMs);

        KafkaStreams streams = new KafkaStreams(topology.build(), streamsConfig);
        TaggingStreams running = new TaggingStreams(streams);
        CountDownLatch started = new CountDownLatch(1);
        streams.setUncaughtExceptionHandler(error -> {
            if (TransientFailures.isTransient(error)) {
                int replaced = running.replacedThreads.incrementAndGet();
                LOG.warn("stream thread died of a transient outage (replacement {}); its uncommitted work is redone "
                        + "by a new thread: {}", replaced, TransientFailures.describe(error));
                return StreamThreadExceptionResponse.REPLACE_THREAD;
            }
            LOG.error("stream thread died; shutting down this instance", error);
            running.failure.compareAndSet(null, error);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        streams.setStateListener((now, before) -> {
            LOG.info("streams state {} -> {}", before, now);
            if (now == KafkaStreams.State.RUNNING) {
                started.countDown();
            }
            if (now == KafkaStreams.State.NOT_RUNNING || now == KafkaStreams.State.ERROR) {
                started.countDown();
                running.stopped.countDown();
            }
        });
        streams.start();
        if (!started.await(startTimeout.toMillis(), TimeUnit.MILLISECONDS) || streams.state() != KafkaStreams.State.RUNNING) {
            KafkaStreams.State state = streams.state();
            running.close();
            throw new IllegalStateException("streams not running after " + startTimeout + " (state " + state + ")",
                    running.failure.get());
        }
        return running;
    }

    /** The current Kafka Streams state. */
    public KafkaStreams.State state() {
        return streams.state();
    }

    /** The error that stopped a stream thread, or null. */
    public Throwable failure() {
        return failure.get();
    }

    /** The client's metrics (its consumers', producers' and Streams' own); a live view. */
    public Map<MetricName, ? extends Metric> metrics() {
        return streams.metrics();
    }

    /** How many stream threads died of a transient outage and were replaced so far. */
    public int replacedThreads() {
        return replacedThreads.get();
    }

    /** Blocks until the instance stops (closed, or a thread died). */
    public void awaitStopped() throws InterruptedException {
        stopped.await();
    }

    /** Closes, leaving the group, waiting up to {@link #CLOSE_TIMEOUT}. Idempotent. */
    @Override
    public void close() {
        boolean clean = streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(CLOSE_TIMEOUT));
        if (!clean) {
            LOG.warn("streams did not close within {}", CLOSE_TIMEOUT);
        }
        stopped.countDown();
    }
}
