package io.nerco.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;

/**
 * A tiny HTTP proxy on loopback that records each request (method, path, Authorization
 * header) and forwards it to a target, or answers 401 when a required Authorization value is
 * missing, or 503 when the target is unreachable; over https when given a TLS context. For counting requests and checking headers against a real registry. Thread-safe;
 * close it to stop.
 */
public final class RecordingProxy implements AutoCloseable {
    /** One request as the proxy saw it. */
    public record Seen(String method, String path, String authorization) {
    }

    private final HttpServer server;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final URI target;
    private final String requiredAuthorization;
    private final List<Seen> seen = new CopyOnWriteArrayList<>();

    /**
     * @param target                base URL requests are forwarded to (path appended)
     * @param requiredAuthorization the Authorization value to insist on, or null to forward all
     */
    public RecordingProxy(URI target, String requiredAuthorization) throws IOException {
        this(target, requiredAuthorization, null);
    }

    /**
     * @param tls the server's TLS context (https only), or null for plain http
     */
    public RecordingProxy(URI target, String requiredAuthorization, SSLContext tls) throws IOException {
        this.target = target;
        this.requiredAuthorization = requiredAuthorization;
        InetSocketAddress loopback = new InetSocketAddress("127.0.0.1", 0);
        if (tls == null) {
            this.server = HttpServer.create(loopback, 0);
        } else {
            HttpsServer https = HttpsServer.create(loopback, 0);
            https.setHttpsConfigurator(new HttpsConfigurator(tls));
            this.server = https;
        }
        server.createContext("/", this::handle);
        server.start();
    }

    /** Where clients should connect; the same path layout as the target. */
    public URI url() {
        return URI.create((server instanceof HttpsServer ? "https" : "http") + "://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Requests seen so far, in order. */
    public List<Seen> seen() {
        return List.copyOf(seen);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String auth = exchange.getRequestHeaders().getFirst("Authorization");
            String pathAndQuery = exchange.getRequestURI().getRawPath()
                    + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery());
            seen.add(new Seen(exchange.getRequestMethod(), pathAndQuery, auth));
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            if (requiredAuthorization != null && !requiredAuthorization.equals(auth)) {
                respond(exchange, 401, "{\"error_code\":401,\"message\":\"Unauthorized\"}".getBytes());
                return;
            }
            HttpRequest.Builder forward = HttpRequest.newBuilder(URI.create(target + pathAndQuery))
                    .method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(body));
            String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
            if (contentType != null) {
                forward.header("Content-Type", contentType);
            }
            HttpResponse<byte[]> answer;
            try {
                answer = http.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException unreachable) {
                // What a gateway in front of a dead registry answers.
                respond(exchange, 503, "{\"error_code\":50301,\"message\":\"upstream unreachable\"}".getBytes());
                return;
            }
            answer.headers().firstValue("Content-Type").ifPresent(v -> exchange.getResponseHeaders().add("Content-Type", v));
            respond(exchange, answer.statusCode(), answer.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void respond(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        http.close();
    }
}
