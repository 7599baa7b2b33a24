package io.nerco.stream;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka (KRaft, broker and controller combined) in this JVM, for
 * {@code demo} and integration tests. Listens on 127.0.0.1 only, on free ports; storage is
 * formatted in a fresh temporary folder that {@link #close} deletes. Single-node settings:
 * replication factors 1, {@code transaction.state.log.min.isr=1} (so exactly-once works),
 * {@code group.initial.rebalance.delay.ms=0}. The client listener is PLAINTEXT or, with
 * {@link ClientListener#saslPlain}, SASL_PLAINTEXT with the PLAIN mechanism. {@link #stop()}
 * and {@link #restart} bounce the server on the same ports and log directory, so clients
 * see an outage of a broker that comes back with its data. Owns the server; whoever starts
 * it closes it. Thread-safe.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
    private static final String LOOPBACK = "127.0.0.1";

    /**
     * The security of the listener clients connect to.
     *
     * @param name         listener name, also its security protocol
     * @param brokerConfig broker settings for it (authentication), not null
     * @param clientConfig what a client needs to connect (no bootstrap servers), not null
     */
    public record ClientListener(String name, Map<String, String> brokerConfig, Map<String, Object> clientConfig) {
        public ClientListener {
            brokerConfig = Map.copyOf(brokerConfig);
            clientConfig = Map.copyOf(clientConfig);
        }

        /** No authentication. */
        public static ClientListener plaintext() {
            return new ClientListener("PLAINTEXT", Map.of(), Map.of());
        }

        /**
         * SASL_PLAINTEXT with PLAIN: {@code users} (name to password, not empty) may log in;
         * the first of them (in iteration order) is the broker's own inter-broker identity
         * and the one {@link #clientConfig} logs in as.
         */
        public static ClientListener saslPlain(Map<String, String> users) {
            if (users.isEmpty()) {
                throw new IllegalArgumentException("at least one SASL user is needed");
            }
            var admin = users.entrySet().iterator().next();
            StringBuilder jaas = new StringBuilder(plainJaas(admin.getKey(), admin.getValue()));
            jaas.setLength(jaas.length() - 1);
            users.forEach((user, password) -> jaas.append(" user_").append(user).append("=\"").append(password).append('"'));
            jaas.append(';');
            return new ClientListener("SASL_PLAINTEXT",
                    Map.of("sasl.enabled.mechanisms", "PLAIN",
                            "sasl.mechanism.inter.broker.protocol", "PLAIN",
                            "listener.name.sasl_plaintext.plain.sasl.jaas.config", jaas.toString()),
                    Map.of("security.protocol", "SASL_PLAINTEXT", "sasl.mechanism", "PLAIN",
                            "sasl.jaas.config", plainJaas(admin.getKey(), admin.getValue())));
        }

        /** The client-side JAAS line of the PLAIN mechanism. */
        public static String plainJaas(String user, String password) {
            return "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + user
                    + "\" password=\"" + password + "\";";
        }
    }

    private final Properties config;
    private final Path directory;
    private final String bootstrapServers;
    private final Map<String, Object> clientConfig;
    private KafkaRaftServer server;

    private EmbeddedKafkaBroker(Properties config, Path directory, String bootstrapServers, Map<String, Object> clientConfig) {
        this.config = config;
        this.directory = directory;
        this.bootstrapServers = bootstrapServers;
        this.clientConfig = clientConfig;
    }

    /**
     * Formats storage, starts the server with a PLAINTEXT client listener and waits until it answers.
     *
     * @param extraConfig broker settings that override the single-node defaults, not null
     * @param timeout     how long to wait for the broker to answer
     * @throws IllegalStateException when it does not start in time
     */
    public static EmbeddedKafkaBroker start(Map<String, String> extraConfig, Duration timeout) throws IOException {
        return start(ClientListener.plaintext(), extraConfig, timeout);
    }

    /** Like {@link #start(Map, Duration)} with the given client listener. */
    public static EmbeddedKafkaBroker start(ClientListener listener, Map<String, String> extraConfig, Duration timeout)
            throws IOException {
        Path directory = Files.createTempDirectory("nerco-kafka-");
        int brokerPort = freePort();
        int controllerPort = freePort();
        String logDir = directory.resolve("log").toString();
        String name = listener.name();
        Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", "1");
        props.put("controller.quorum.voters", "1@" + LOOPBACK + ":" + controllerPort);
        props.put("listeners", name + "://" + LOOPBACK + ":" + brokerPort + ",CONTROLLER://" + LOOPBACK + ":" + controllerPort);
        props.put("advertised.listeners", name + "://" + LOOPBACK + ":" + brokerPort);
        props.put("controller.listener.names", "CONTROLLER");
        props.put("inter.broker.listener.name", name);
        props.put("listener.security.protocol.map", name + ":" + name + ",CONTROLLER:PLAINTEXT");
        props.put("log.dirs", logDir);
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "1");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("transaction.state.log.num.partitions", "1");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        props.put("num.partitions", "1");
        props.putAll(listener.brokerConfig());
        props.putAll(extraConfig);
        EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(props, directory, LOOPBACK + ":" + brokerPort,
                listener.clientConfig());
        try {
            format(logDir);
            broker.startServer(timeout);
            LOG.info("embedded Kafka broker listening on {} ({})", broker.bootstrapServers, name);
            return broker;
        } catch (Exception e) {
            try {
                broker.close();
            } catch (RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw new IllegalStateException("embedded Kafka broker did not start: " + e, e);
        }
    }

    private synchronized void startServer(Duration timeout) throws InterruptedException, TimeoutException {
        server = new KafkaRaftServer(KafkaConfig.fromProps(config, false), Time.SYSTEM);
        server.startup();
        awaitReady(timeout);
    }

    /** Shuts the server down, keeping its log directory and ports for {@link #restart}. Idempotent. */
    public synchronized void stop() {
        if (server != null) {
            server.shutdown();
            server.awaitShutdown();
            server = null;
            LOG.info("embedded Kafka broker on {} stopped", bootstrapServers);
        }
    }

    /**
     * Starts the server again (stopping it first if it runs) on the same ports and log
     * directory, and waits until it answers.
     *
     * @throws IllegalStateException when it does not answer within {@code timeout}
     */
    public synchronized void restart(Duration timeout) throws InterruptedException {
        stop();
        try {
            startServer(timeout);
        } catch (TimeoutException e) {
            throw new IllegalStateException("embedded Kafka broker did not come back: " + e, e);
        }
        LOG.info("embedded Kafka broker on {} restarted", bootstrapServers);
    }

    private static void format(String logDir) throws Exception {
        new Formatter()
                .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                .setNodeId(1)
                .setClusterId(Uuid.randomUuid().toString())
                .addDirectory(logDir)
                .setMetadataLogDirectory(logDir)
                .setReleaseVersion(MetadataVersion.latestProduction())
                .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
                .setControllerListenerName("CONTROLLER")
                .run();
    }

    private void awaitReady(Duration timeout) throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = admin()) {
            while (true) {
                try {
                    admin.describeCluster().nodes().get(1, TimeUnit.SECONDS);
                    return;
                } catch (ExecutionException | TimeoutException e) {
                    if (System.nanoTime() > deadline) {
                        throw new TimeoutException("broker not ready after " + timeout);
                    }
                }
            }
        }
    }

    /** {@code host:port} of the client listener. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** What a client needs besides {@link #bootstrapServers()}: the listener's security settings (may be empty). */
    public Map<String, Object> clientConfig() {
        return clientConfig;
    }

    /** A new admin client for this broker; the caller closes it. */
    public Admin admin() {
        Map<String, Object> admin = new HashMap<>(clientConfig);
        admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return Admin.create(admin);
    }

    /**
     * Creates topics with replication factor 1 and waits until every partition has a leader:
     * a producer that writes to a partition whose leader is still being elected can get
     * {@code NOT_LEADER_OR_FOLLOWER} for a batch that was in fact appended, and then retry
     * forever on {@code OUT_OF_ORDER_SEQUENCE_NUMBER}.
     */
    public void createTopics(int partitions, String... names) throws InterruptedException, ExecutionException {
        createTopics(partitions, Map.of(), names);
    }

    /** Like {@link #createTopics(int, String...)} with topic configs (for example {@code max.message.bytes}). */
    public void createTopics(int partitions, Map<String, String> configs, String... names)
            throws InterruptedException, ExecutionException {
        List<String> topics = List.of(names);
        try (Admin admin = admin()) {
            admin.createTopics(topics.stream().map(n -> new NewTopic(n, partitions, (short) 1).configs(configs)).toList())
                    .all().get();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!allHaveLeaders(admin, topics)) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("partitions of " + topics + " have no leader after 30 s");
                }
                Thread.sleep(50);
            }
        }
    }

    private static boolean allHaveLeaders(Admin admin, List<String> topics) throws InterruptedException {
        try {
            return admin.describeTopics(topics).allTopicNames().get().values().stream()
                    .flatMap(d -> d.partitions().stream())
                    .allMatch(p -> p.leader() != null && !p.leader().isEmpty());
        } catch (ExecutionException notYetKnown) {
            return false;
        }
    }

    @Override
    public synchronized void close() {
        stop();
        deleteRecursively(directory);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
            return socket.getLocalPort();
        }
    }

    private static void deleteRecursively(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + directory, e);
        }
    }

}
