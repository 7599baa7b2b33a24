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
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link NercoTopologies} (tagging, and quality when configured) on Kafka Streams: merges
 * the topologies' own settings into the given config, fits the transaction timeout to the
 * worst flush and checks it and {@code max.poll.interval.ms} against it (see
 * {@link TaggingSettings#requireSafeFor}), starts, and
 * closes with {@link CloseOptions} that leave the consumer group, so a restarted instance
 * gets its partitions at once instead of after the session timeout. A stream thread that
 * dies because the schema registry stayed unreachable through all of the client's retries
 * (see {@link TransientFailures}) is replaced: its uncommitted work is aborted and redone by
 * the new thread, so an outage delays records but neither loses nor dead-letters them. Any
 * other death (a bug, never bad input, which is dead-lettered) shuts the client down and
 * {@link #failure()} tells why. Owns the {@link KafkaStreams}; not the tagger or serdes,
 * which the caller closes after {@link #close}. Thread-safe.
 */
public final class TaggingStreams implements StreamsStatus, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TaggingStreams.class);
    /** How long {@link #close()} waits for in-flight batches and the final commit. */
    public static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);
    /**
     * The least {@code transaction.timeout.ms} set under exactly-once when the application sets
     * none: Kafka Streams' own default. Longer costs a crashed instance's successor, when its
     * transactional id differs (another state directory), that long before it can read past the
     * dead transaction.
     */
    public static final Duration MIN_TRANSACTION_TIMEOUT = Duration.ofSeconds(10);
    /** The brokers' default {@code transaction.max.timeout.ms}; a longer transaction timeout is refused by them. */
    static final Duration MAX_TRANSACTION_TIMEOUT = Duration.ofMinutes(15);

    private final KafkaStreams streams;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final CountDownLatch started = new CountDownLatch(1);
    private final AtomicInteger replacedThreads = new AtomicInteger();
    private final CountDownLatch stopped = new CountDownLatch(1);

    private TaggingStreams(KafkaStreams streams) {
        this.streams = streams;
    }

    /**
     * Creates the instance without starting it, so health and metrics endpoints can watch it
     * from the start (its state is {@code CREATED} until {@link #start(Duration)}).
     *
     * @param topologies the topologies, not null
     * @param config     Streams and client settings; application id and bootstrap servers
     *                   required; the topologies' handlers, dead-letter topic and metrics are added
     * @throws IllegalArgumentException when a batch size is unsafe for {@code max.poll.interval.ms}
     */
    public static TaggingStreams create(NercoTopologies topologies, Properties config) {
        Objects.requireNonNull(topologies, "topologies");
        Properties props = new Properties();
        props.putAll(config);
        props.putAll(topologies.streamsConfig());
        fitTransactionTimeout(props, topologies.worstFlushMs());
        fitPollTime(props, topologies.punctuationInterval());
        boundStateMemory(props);
        StreamsConfig streamsConfig = new StreamsConfig(props);
        Object maxPollInterval = streamsConfig.getMainConsumerConfigs("check", "check", 0)
                .get(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG);
        Object transactionTimeout = streamsConfig.getProducerConfigs("check").get(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG);
        topologies.requireSafeFor(maxPollInterval == null ? 300_000 : Long.parseLong(maxPollInterval.toString()),
                exactlyOnce(streamsConfig) && transactionTimeout != null ? Long.parseLong(transactionTimeout.toString()) : 0);

        KafkaStreams streams = new KafkaStreams(topologies.build(), streamsConfig);
        TaggingStreams created = new TaggingStreams(streams);
        streams.setUncaughtExceptionHandler(error -> {
            if (TransientFailures.isTransient(error)) {
                int replaced = created.replacedThreads.incrementAndGet();
                LOG.warn("stream thread died of a transient outage (replacement {}); its uncommitted work is redone "
                        + "by a new thread: {}", replaced, TransientFailures.describe(error));
                return StreamThreadExceptionResponse.REPLACE_THREAD;
            }
            LOG.error("stream thread died; shutting down this instance", error);
            created.failure.compareAndSet(null, error);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        streams.setStateListener((now, before) -> {
            LOG.atInfo().addKeyValue("from", before).addKeyValue("to", now).log("streams state changed");
            if (now == KafkaStreams.State.RUNNING) {
                created.started.countDown();
            }
            if (now == KafkaStreams.State.NOT_RUNNING || now == KafkaStreams.State.ERROR) {
                created.started.countDown();
                created.stopped.countDown();
            }
        });
        return created;
    }

    /**
     * Under exactly-once, when the application leaves {@code transaction.timeout.ms} unset
     * (Kafka Streams would use 10 s), sets it to twice the worst flush, and at least
     * {@link #MIN_TRANSACTION_TIMEOUT}, so no batch outlasts its transaction. A longer timeout
     * costs nothing while the instance runs; after a crash, read_committed readers (the
     * successor's changelog restore among them) wait at most that long for the open
     * transaction, and not at all when the restarted instance keeps its state directory, hence
     * its transactional id, and aborts it at once.
     */
    static void fitTransactionTimeout(Properties props, long worstFlushMs) {
        if (!exactlyOnce(new StreamsConfig(props))) {
            return;
        }
        String prefixed = StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG);
        if (props.containsKey(prefixed) || props.containsKey(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG)) {
            return;
        }
        long timeout = Math.max(MIN_TRANSACTION_TIMEOUT.toMillis(), 2 * worstFlushMs);
        if (timeout > MAX_TRANSACTION_TIMEOUT.toMillis()) {
            throw new IllegalArgumentException("a flush can take " + worstFlushMs + " ms; its transaction would need "
                    + timeout + " ms, over the brokers' default transaction.max.timeout.ms of " + MAX_TRANSACTION_TIMEOUT.toMillis()
                    + "; lower the batch size or max batch chars");
        }
        props.put(prefixed, (int) timeout);
        LOG.atInfo().addKeyValue("transactionTimeoutMs", timeout).addKeyValue("worstFlushMs", worstFlushMs)
                .log("transaction timeout fitted to the worst flush");
    }

    /**
     * When the application leaves {@code poll.ms} unset (Kafka Streams: 100 ms), lowers it to the
     * punctuation interval. A stream thread with no new input blocks in poll for that long, and
     * wall-clock punctuation, which flushes a waiting batch, runs only between polls: with the
     * default, a lone event waited up to 100 ms more than the batching deadline.
     */
    static void fitPollTime(Properties props, Duration punctuationInterval) {
        if (props.containsKey(StreamsConfig.POLL_MS_CONFIG)) {
            return;
        }
        long pollMs = Math.min(100, Math.max(1, punctuationInterval.toMillis()));
        props.put(StreamsConfig.POLL_MS_CONFIG, pollMs);
    }

    /**
     * Unless the application names its own {@code rocksdb.config.setter}, installs
     * {@link BoundedStateMemory}, so the state stores' off-heap memory has one bound however
     * many partitions this instance is assigned; a bad {@value BoundedStateMemory#MEMORY_CONFIG}
     * fails here, at start, rather than when the first store opens.
     */
    static void boundStateMemory(Properties props) {
        props.putIfAbsent(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedStateMemory.class);
        if (props.get(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG) == BoundedStateMemory.class) {
            BoundedStateMemory.memoryMb(props);
        }
    }

    private static boolean exactlyOnce(StreamsConfig config) {
        return StreamsConfig.EXACTLY_ONCE_V2.equals(config.getString(StreamsConfig.PROCESSING_GUARANTEE_CONFIG));
    }

    /**
     * Starts the topology alone and waits until it is running; see {@link #create} and {@link #start(Duration)}.
     */
    public static TaggingStreams start(TaggingTopology topology, Properties config, Duration startTimeout)
            throws InterruptedException {
        TaggingStreams streams = create(NercoTopologies.taggingOnly(topology), config);
        streams.start(startTimeout);
        return streams;
    }

    /**
     * Starts and waits until the instance is running.
     *
     * @param startTimeout how long to wait for RUNNING
     * @throws IllegalStateException when it does not reach RUNNING in time (it is closed then)
     */
    public void start(Duration startTimeout) throws InterruptedException {
        streams.start();
        if (!started.await(startTimeout.toMillis(), TimeUnit.MILLISECONDS) || streams.state() != KafkaStreams.State.RUNNING) {
            KafkaStreams.State state = streams.state();
            close();
            throw new IllegalStateException("streams not running after " + startTimeout + " (state " + state + ")",
                    failure.get());
        }
    }

    /** The current Kafka Streams state. */
    @Override
    public KafkaStreams.State state() {
        return streams.state();
    }

    @Override
    public Map<MetricName, ? extends Metric> metrics() {
        return streams.metrics();
    }

    /** The error that stopped a stream thread, or null. */
    public Throwable failure() {
        return failure.get();
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
