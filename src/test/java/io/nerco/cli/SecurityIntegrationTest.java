package io.nerco.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.nerco.avro.TextEvent;
import io.nerco.model.FixtureBundle;
import io.nerco.model.OnnxTagger;
import io.nerco.model.TaggerOptions;
import io.nerco.model.Taggers;
import io.nerco.registry.RegistryAccessDeniedException;
import io.nerco.registry.SchemaRegistryClient;
import io.nerco.registry.SchemaRegistrySettings;
import io.nerco.stream.CheckedProducer;
import io.nerco.stream.DeadLetters;
import io.nerco.stream.EmbeddedKafkaBroker;
import io.nerco.stream.TaggingSettings;
import io.nerco.stream.TaggingStreams;
import io.nerco.stream.TaggingTopics;
import io.nerco.stream.TaggingTopology;
import io.nerco.testing.ApicurioRegistry;
import io.nerco.testing.RecordingProxy;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Security settings pass through {@code nerco run}'s configuration to real parts: a broker
 * whose only client listener is SASL_PLAINTEXT/PLAIN, and the real registry behind an
 * https front that insists on basic auth (a certificate made here with keytool). The
 * topology tags events and dead-letters a bad one through both, and none of the secrets
 * shows up in the log (Kafka's own config dumps included) or in dead-letter headers.
 */
@Tag("integration")
@Timeout(value = 300, unit = TimeUnit.SECONDS)
class SecurityIntegrationTest {
    private static final String KAFKA_ADMIN_SECRET = "kafka-admin-secret-4711";
    private static final String KAFKA_TAGGER_SECRET = "kafka-tagger-secret-0815";
    private static final String REGISTRY_SECRET = "registry-secret-2718";
    private static final String STORE_SECRET = "store-secret-3141";
    private static final List<String> SECRETS = List.of(KAFKA_ADMIN_SECRET, KAFKA_TAGGER_SECRET, REGISTRY_SECRET, STORE_SECRET);

    @RegisterExtension
    static final ApicurioRegistry REGISTRY = new ApicurioRegistry();

    @Test
    void saslKafkaAndAnAuthenticatedHttpsRegistryWorkFromTheRunConfigAndNoSecretLeaks(@TempDir Path dir) throws Exception {
        ListAppender<ILoggingEvent> log = null;
        Path serverStore = dir.resolve("server.p12");
        Path trustStore = dir.resolve("trust.p12");
        makeCertificate(dir, serverStore, trustStore);
        Map<String, String> users = new LinkedHashMap<>();
        users.put("admin", KAFKA_ADMIN_SECRET);
        users.put("tagger", KAFKA_TAGGER_SECRET);
        String basic = "Basic " + Base64.getEncoder().encodeToString(("tagger:" + REGISTRY_SECRET).getBytes(StandardCharsets.UTF_8));
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(EmbeddedKafkaBroker.ClientListener.saslPlain(users),
                        Map.of(), Duration.ofSeconds(60));
                RecordingProxy front = new RecordingProxy(REGISTRY.running().baseUrl(), basic, serverContext(serverStore))) {
            // From here on the application's side: its config, its clients, its handlers.
            log = captureLogs();
            String prefix = "sec-" + UUID.randomUUID().toString().substring(0, 8);
            Properties file = new Properties();
            file.setProperty("bootstrap.servers", broker.bootstrapServers());
            file.setProperty("security.protocol", "SASL_PLAINTEXT");
            file.setProperty("sasl.mechanism", "PLAIN");
            file.setProperty("sasl.jaas.config", EmbeddedKafkaBroker.ClientListener.plainJaas("tagger", KAFKA_TAGGER_SECRET));
            file.setProperty("nerco.registry.url", front.url() + "/apis/ccompat/v7");
            file.setProperty("basic.auth.user.info", "tagger:" + REGISTRY_SECRET);
            file.setProperty("schema.registry.ssl.truststore.location", trustStore.toString());
            file.setProperty("schema.registry.ssl.truststore.password", STORE_SECRET);
            file.setProperty("application.id", "app-" + prefix);
            file.setProperty("replication.factor", "1");
            file.setProperty("commit.interval.ms", "100");
            file.setProperty("state.dir", dir.resolve("state").toString());
            RunConfig config = new RunConfig(Map.of(), Map.of(), file);

            TaggingSettings settings = TaggingSettings.defaults().withBatching(8, Duration.ofMillis(100));
            try (SchemaRegistryClient registry = new SchemaRegistryClient(config.registrySettings());
                    OnnxTagger tagger = Taggers.open(FixtureBundle.write(dir.resolve("bundle"), 7),
                            TaggerOptions.defaults().withMaxBatchSize(8))) {
                TaggingTopics topics = TaggingTopics.withRegistry(prefix + "-in", prefix + "-entities", prefix + "-mentions",
                        prefix + "-dead", registry);
                broker.createTopics(1, topics.textEvents().name(), topics.entities().name(), topics.mentions().name(),
                        topics.deadLetters());
                try (TaggingStreams streams = TaggingStreams.start(new TaggingTopology(settings, tagger, topics),
                        config.streamsProperties(), Duration.ofSeconds(90))) {
                    produce(broker, topics);
                    assertThat(read(broker, topics.entities().name(), 5)).hasSize(5);
                    List<ConsumerRecord<String, byte[]>> dead = read(broker, topics.deadLetters(), 1);
                    assertThat(dead).hasSize(1);
                    assertThat(DeadLetters.header(dead.getFirst().headers(), DeadLetters.REASON_HEADER)).isEqualTo("UNKNOWN_MAGIC_BYTE");
                    for (Header header : dead.getFirst().headers()) {
                        assertThat(new String(header.value(), StandardCharsets.UTF_8)).as(header.key()).doesNotContain(SECRETS);
                    }
                    assertThat(streams.failure()).isNull();
                }
            }
            assertThat(front.seen()).as("the registry was reached through the authenticated https front")
                    .isNotEmpty().allSatisfy(seen -> assertThat(seen.authorization()).isEqualTo(basic));

            try (SchemaRegistryClient wrongPassword = new SchemaRegistryClient(SchemaRegistrySettings.of(
                    java.net.URI.create(front.url() + "/apis/ccompat/v7"))
                    .withBasicAuth(SchemaRegistrySettings.BasicAuth.parse("tagger:wrong-" + REGISTRY_SECRET))
                    .withTls(new io.nerco.registry.TlsSettings(new io.nerco.registry.TlsSettings.KeyStoreFile(trustStore,
                            io.nerco.registry.Secret.of(STORE_SECRET), "PKCS12"), null, null, null)))) {
                assertThatThrownBy(() -> wrongPassword.schemaById(1)).isInstanceOf(RegistryAccessDeniedException.class)
                        .satisfies(e -> assertThat(e.toString()).doesNotContain(SECRETS));
            }
        } finally {
            if (log != null) {
                stopCapturing(log);
            }
        }
        assertThat(log).isNotNull();
        List<String> lines = log.list.stream().map(e -> e.getFormattedMessage()
                + (e.getThrowableProxy() == null ? "" : " " + e.getThrowableProxy().getMessage())).toList();
        assertThat(lines).as("captured log lines").hasSizeGreaterThan(20)
                .anySatisfy(l -> assertThat(l).contains("sasl.jaas.config = [hidden]"));
        assertThat(lines).allSatisfy(l -> assertThat(l).doesNotContain(SECRETS));
    }

    private static void produce(EmbeddedKafkaBroker broker, TaggingTopics topics) {
        var serializer = topics.textEvents().value().serializer();
        try (var producer = new CheckedProducer<>(broker.bootstrapServers(), broker.clientConfig(), new ByteArraySerializer())) {
            for (int i = 0; i < 5; i++) {
                TextEvent event = TextEvent.newBuilder().setId("e" + i).setSource("sec").setEventTimestamp(Instant.EPOCH)
                        .setText("Angela Merkel met Emmanuel Macron in Paris.").setAttributes(Map.of()).build();
                producer.send(new ProducerRecord<>(topics.textEvents().name(), event.getId(),
                        serializer.serialize(topics.textEvents().name(), event)));
            }
            producer.send(new ProducerRecord<>(topics.textEvents().name(), "bad", "not avro".getBytes(StandardCharsets.UTF_8)));
        }
    }

    private static List<ConsumerRecord<String, byte[]>> read(EmbeddedKafkaBroker broker, String topic, int expected) {
        Map<String, Object> config = new HashMap<>(broker.clientConfig());
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID());
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(config, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    /** A self-signed server certificate for 127.0.0.1 in {@code serverStore}, and a trust store holding it. */
    private static void makeCertificate(Path dir, Path serverStore, Path trustStore) throws Exception {
        String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
        Path cert = dir.resolve("server.der");
        run(keytool, "-genkeypair", "-alias", "registry", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1",
                "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12", "-keystore", serverStore.toString(),
                "-storepass", STORE_SECRET, "-keypass", STORE_SECRET);
        run(keytool, "-exportcert", "-alias", "registry", "-keystore", serverStore.toString(), "-storepass", STORE_SECRET,
                "-file", cert.toString());
        run(keytool, "-importcert", "-noprompt", "-alias", "registry", "-file", cert.toString(), "-storetype", "PKCS12",
                "-keystore", trustStore.toString(), "-storepass", STORE_SECRET);
    }

    private static void run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as(String.join(" ", command) + ": " + output).isZero();
    }

    private static SSLContext serverContext(Path serverStore) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(serverStore)) {
            store.load(in, STORE_SECRET.toCharArray());
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, STORE_SECRET.toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        return context;
    }

    /** Every log event at INFO and above, Kafka's included (the test config keeps Kafka at WARN otherwise). */
    private static ListAppender<ILoggingEvent> captureLogs() {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.setContext(context);
        appender.start();
        context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(appender);
        context.getLogger("org.apache.kafka").setLevel(Level.INFO);
        return appender;
    }

    private static void stopCapturing(ListAppender<ILoggingEvent> appender) {
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        context.getLogger(Logger.ROOT_LOGGER_NAME).detachAppender(appender);
        context.getLogger("org.apache.kafka").setLevel(Level.WARN);
        appender.stop();
    }
}
