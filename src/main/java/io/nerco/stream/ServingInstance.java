package io.nerco.stream;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.Properties;

/**
 * One serving process's Kafka Streams instance and its operations endpoint, opened in the
 * order an orchestrator needs: the endpoint first (so {@code /health} answers and
 * {@code /ready} says 503 while state is restored), then Streams. {@link #close} goes the
 * other way: Streams closes leaving the group (readiness drops to 503 at once), then the
 * endpoint stops. Owns both; not the tagger, registry client or serdes, which the caller
 * closes afterwards. Thread-safe.
 */
public final class ServingInstance implements AutoCloseable {
    private final TaggingStreams streams;
    private final OpsHttpServer http;

    private ServingInstance(TaggingStreams streams, OpsHttpServer http) {
        this.streams = streams;
        this.http = http;
    }

    /**
     * Creates the Streams instance and starts the endpoint; call {@link #start} next.
     *
     * @param topologies what to run, not null
     * @param metrics    the metrics the topologies record into, not null
     * @param config     Streams and client settings, see {@link TaggingStreams#create}
     * @param http       where the endpoint listens
     * @throws IOException when the endpoint's address cannot be bound
     */
    public static ServingInstance open(NercoTopologies topologies, StreamMetrics metrics, Properties config,
            InetSocketAddress http) throws IOException {
        Objects.requireNonNull(metrics, "metrics");
        TaggingStreams streams = TaggingStreams.create(topologies, config);
        try {
            return new ServingInstance(streams, OpsHttpServer.start(http, streams, metrics));
        } catch (IOException | RuntimeException e) {
            streams.close();
            throw e;
        }
    }

    /** Starts Streams and waits for RUNNING; see {@link TaggingStreams#start(Duration)}. */
    public void start(Duration startTimeout) throws InterruptedException {
        streams.start(startTimeout);
    }

    public TaggingStreams streams() {
        return streams;
    }

    /** The endpoint's bound address. */
    public InetSocketAddress httpAddress() {
        return http.address();
    }

    /** Closes Streams (leaving the group, see {@link TaggingStreams#close}), then the endpoint. Idempotent. */
    @Override
    public void close() {
        try {
            streams.close();
        } finally {
            http.close();
        }
    }
}
