package io.nerco.registry;

import java.io.IOException;
import java.net.ConnectException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a real Apicurio Registry 3.x (in-memory storage) as a child JVM, bound to loopback on
 * free ports, for tests and {@code demo}. The registry home is the unpacked
 * {@code apicurio-registry-app} fast-jar folder (holding {@code quarkus-run.jar}): given
 * explicitly, or from the system property {@value #HOME_PROPERTY}, or {@code ./target/apicurio}.
 *
 * <pre>{@code
 * try (ApicurioLauncher.Running registry = ApicurioLauncher.fromEnvironment().start()) {
 *     SchemaRegistrySettings settings = SchemaRegistrySettings.of(registry.confluentApiUrl());
 * }
 * }</pre>
 *
 * <p>Uses the {@code java} of the running JVM (Apicurio needs 21+). The launcher is immutable;
 * the caller owns the {@link Running} handle and closes it, which stops the process.
 */
public final class ApicurioLauncher {
    /** System property naming the registry home. */
    public static final String HOME_PROPERTY = "nerco.apicurio.home";
    /** The Confluent-compatible API under the registry's base URL. */
    public static final String CONFLUENT_API_PATH = "/apis/ccompat/v7";

    private static final Logger LOG = LoggerFactory.getLogger(ApicurioLauncher.class);

    private final Path home;
    private final Path logFile;
    private final Duration startTimeout;
    private final String maxHeap;

    /**
     * @param home         the unpacked registry (holds {@code quarkus-run.jar}); not null
     * @param logFile      where the registry's output goes (parent folders are created); not null
     * @param startTimeout how long to wait for the API to answer
     * @param maxHeap      the child's {@code -Xmx} value, for example {@code 512m}
     */
    public ApicurioLauncher(Path home, Path logFile, Duration startTimeout, String maxHeap) {
        this.home = Objects.requireNonNull(home, "home");
        this.logFile = Objects.requireNonNull(logFile, "logFile");
        this.startTimeout = Objects.requireNonNull(startTimeout, "startTimeout");
        this.maxHeap = Objects.requireNonNull(maxHeap, "maxHeap");
    }

    /** Home from {@value #HOME_PROPERTY} or {@code ./target/apicurio}; log under {@code target/}. */
    public static ApicurioLauncher fromEnvironment() {
        String configured = System.getProperty(HOME_PROPERTY);
        Path home = configured != null && !configured.isBlank() ? Path.of(configured) : Path.of("target", "apicurio");
        Path logDir = home.toAbsolutePath().getParent() == null ? Path.of("target") : home.toAbsolutePath().getParent();
        return new ApicurioLauncher(home, logDir.resolve("apicurio-" + ProcessHandle.current().pid() + "-"
                + System.nanoTime() + ".log"), Duration.ofSeconds(90), "512m");
    }

    /** Whether the home holds a registry to start; lets tests skip with a clear message. */
    public boolean isAvailable() {
        return Files.isRegularFile(home.resolve("quarkus-run.jar"));
    }

    /** The registry home this launcher starts. */
    public Path home() {
        return home;
    }

    /**
     * Starts the registry and waits until its Confluent API answers.
     *
     * @throws IllegalStateException when the home holds no registry, the process dies, or the
     *                               API does not answer within the start timeout (the message
     *                               names the log file)
     */
    public Running start() {
        if (!isAvailable()) {
            throw new IllegalStateException("no Apicurio registry at " + home.toAbsolutePath()
                    + " (expected quarkus-run.jar; run the Maven build, which unpacks it, or set -D" + HOME_PROPERTY + ")");
        }
        int port = freePort();
        int managementPort = freePort();
        List<String> command = new ArrayList<>(List.of(javaBinary(), "-Xmx" + maxHeap, "-jar", "quarkus-run.jar"));
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true);
        builder.environment().put("QUARKUS_HTTP_HOST", "127.0.0.1");
        builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
        builder.environment().put("QUARKUS_MANAGEMENT_ENABLED", "false");
        // The management interface is enabled at build time in this distribution and ignores the
        // flag above; without these it listens on 0.0.0.0:9000 and two registries collide.
        builder.environment().put("QUARKUS_MANAGEMENT_HOST", "127.0.0.1");
        builder.environment().put("QUARKUS_MANAGEMENT_PORT", Integer.toString(managementPort));
        // Storage is left at its default, in-memory: every start is an empty registry.
        try {
            Files.createDirectories(logFile.toAbsolutePath().getParent());
            builder.redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            Instant begun = Instant.now();
            Process process = builder.start();
            Running running = new Running(process, URI.create("http://127.0.0.1:" + port), logFile);
            try {
                running.awaitReady(startTimeout);
            } catch (RuntimeException e) {
                running.close();
                throw e;
            }
            LOG.info("Apicurio Registry up at {} in {} ms (pid {}, log {})", running.baseUrl(),
                    Duration.between(begun, Instant.now()).toMillis(), process.pid(), logFile);
            return running;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start Apicurio Registry from " + home + ": " + e.getMessage(), e);
        }
    }

    private static String javaBinary() {
        return ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port: " + e.getMessage(), e);
        }
    }

    /** A started registry; {@link #close()} stops it. Thread-safe. */
    public static final class Running implements AutoCloseable {
        private final Process process;
        private final URI baseUrl;
        private final Path logFile;

        private final Thread reaper;

        private Running(Process process, URI baseUrl, Path logFile) {
            this.process = process;
            this.baseUrl = baseUrl;
            this.logFile = logFile;
            // A JVM that exits without closing (Ctrl-C in demo, a killed test run) must not leave
            // an orphan registry behind.
            this.reaper = new Thread(process::destroyForcibly, "apicurio-reaper-" + process.pid());
            Runtime.getRuntime().addShutdownHook(reaper);
        }

        /** For example {@code http://127.0.0.1:41234}. */
        public URI baseUrl() {
            return baseUrl;
        }

        /** The Confluent API, {@code baseUrl + /apis/ccompat/v7}: the {@code schema.registry.url} to use. */
        public URI confluentApiUrl() {
            return URI.create(baseUrl + CONFLUENT_API_PATH);
        }

        /** The file the registry writes its output to. */
        public Path logFile() {
            return logFile;
        }

        /** The child's pid. */
        public long pid() {
            return process.pid();
        }

        /** Whether the process still runs. */
        public boolean isAlive() {
            return process.isAlive();
        }

        private void awaitReady(Duration timeout) {
            Instant deadline = Instant.now().plus(timeout);
            URI probe = URI.create(confluentApiUrl() + "/subjects");
            try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build()) {
                while (Instant.now().isBefore(deadline)) {
                    if (!process.isAlive()) {
                        throw new IllegalStateException("Apicurio Registry exited with " + process.exitValue()
                                + " during startup; see " + logFile);
                    }
                    try {
                        HttpResponse<Void> response = http.send(HttpRequest.newBuilder(probe)
                                .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.discarding());
                        if (response.statusCode() == 200) {
                            return;
                        }
                    } catch (ConnectException | java.net.http.HttpTimeoutException e) {
                        // not listening yet
                    } catch (IOException e) {
                        LOG.debug("registry probe failed: {}", e.toString());
                    }
                    Thread.sleep(100);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for Apicurio Registry", e);
            }
            throw new IllegalStateException("Apicurio Registry did not answer " + probe + " within " + timeout
                    + "; see " + logFile);
        }

        /** Stops the registry: a polite stop, then a forced one after 10 s. */
        @Override
        public void close() {
            try {
                Runtime.getRuntime().removeShutdownHook(reaper);
            } catch (IllegalStateException | IllegalArgumentException e) {
                // shutting down already, or removed by an earlier close: the hook does or did its job
            }
            if (!process.isAlive()) {
                return;
            }
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
