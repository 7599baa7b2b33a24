package io.nerco.stream;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operations endpoint of a running instance, on the JDK's HTTP server:
 * <ul>
 * <li>{@code GET /health}: 200 while the process is up and Kafka Streams is not in
 *     {@code ERROR} (or on its way there), else 503; for liveness probes.</li>
 * <li>{@code GET /ready}: 200 only while Kafka Streams is {@code RUNNING}, else 503 (created,
 *     rebalancing, restoring state, shutting down); for readiness probes.</li>
 * <li>{@code GET /metrics}: Prometheus text format: {@link StreamMetrics}, the state as
 *     {@code nerco_streams_state{state}} (1 for the current one), and Kafka Streams' own
 *     metrics ({@link KafkaStreamsMetrics}).</li>
 * </ul>
 * The body of {@code /health} and {@code /ready} is {@code state=<STATE>}. One daemon thread
 * serves requests; a scrape reads lock-free counters and never blocks a stream thread. Owns
 * the server, not the streams or metrics; {@link #close} stops it. Thread-safe.
 */
public final class OpsHttpServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OpsHttpServer.class);

    private final HttpServer server;
    private final ExecutorService executor;

    private OpsHttpServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /**
     * Binds and starts serving.
     *
     * @param address where to listen; port 0 picks a free one (see {@link #address()})
     * @param status  the instance to report on, not null
     * @param metrics the process's metrics, not null
     * @throws IOException when the address cannot be bound
     */
    public static OpsHttpServer start(InetSocketAddress address, StreamsStatus status, StreamMetrics metrics) throws IOException {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(metrics, "metrics");
        HttpServer server = HttpServer.create(address, 0);
        ExecutorService executor = Executors.newSingleThreadExecutor(r -> Thread.ofPlatform().daemon().name("nerco-http").unstarted(r));
        server.setExecutor(executor);
        server.createContext("/health", exchange -> answer(exchange, () -> {
            KafkaStreams.State state = status.state();
            boolean failed = state == KafkaStreams.State.ERROR || state == KafkaStreams.State.PENDING_ERROR;
            return new Answer(failed ? 503 : 200, "text/plain; charset=utf-8", "state=" + state + "\n");
        }));
        server.createContext("/ready", exchange -> answer(exchange, () -> {
            KafkaStreams.State state = status.state();
            return new Answer(state == KafkaStreams.State.RUNNING ? 200 : 503, "text/plain; charset=utf-8", "state=" + state + "\n");
        }));
        server.createContext("/metrics", exchange -> answer(exchange,
                () -> new Answer(200, PrometheusText.CONTENT_TYPE, page(status, metrics))));
        server.start();
        OpsHttpServer started = new OpsHttpServer(server, executor);
        LOG.atInfo().addKeyValue("address", started.address()).log("serving /health, /ready and /metrics");
        return started;
    }

    /** The bound address (with the actual port when 0 was asked for). */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    /** Stops serving at once; idempotent. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    static String page(StreamsStatus status, StreamMetrics metrics) {
        PrometheusText page = new PrometheusText();
        metrics.writeTo(page);
        KafkaStreams.State current = status.state();
        for (KafkaStreams.State state : KafkaStreams.State.values()) {
            page.gauge("nerco_streams_state", "1 for the Kafka Streams state the instance is in, 0 for the others.",
                    Map.of("state", state.name()), state == current ? 1 : 0);
        }
        KafkaStreamsMetrics.writeTo(page, status.metrics());
        return page.toString();
    }

    private record Answer(int status, String contentType, String body) {}

    private static void answer(HttpExchange exchange, Supplier<Answer> answer) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            if (!method.equals("GET") && !method.equals("HEAD")) {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            Answer a;
            try {
                a = answer.get();
            } catch (RuntimeException e) {
                LOG.warn("{} failed", exchange.getRequestURI(), e);
                a = new Answer(500, "text/plain; charset=utf-8", e + "\n");
            }
            byte[] body = a.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", a.contentType());
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            if (method.equals("HEAD")) {
                exchange.sendResponseHeaders(a.status(), -1);
                return;
            }
            exchange.sendResponseHeaders(a.status(), body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }
}
