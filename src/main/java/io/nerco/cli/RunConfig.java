package io.nerco.cli;

import io.nerco.registry.RegistryConfig;
import io.nerco.registry.SchemaRegistrySettings;
import io.nerco.stream.BoundedStateMemory;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The settings of {@code nerco run}, each declared once with its property key, its
 * {@code NERCO_*} environment variable (derived from the key) and its default. Resolution:
 * command-line flag, then environment, then the {@code --config} properties file, then the
 * default. Keys of the file that are not declared here pass through unchanged: the registry
 * client's ({@link RegistryConfig}: basic auth, TLS, timeouts, retries) to the registry
 * client, all others to Kafka Streams and its clients (so {@code security.protocol},
 * {@code sasl.*} and {@code ssl.*} reach the brokers). Immutable.
 */
final class RunConfig {

    /** One declared setting. */
    enum Key {
        BOOTSTRAP_SERVERS("bootstrap.servers", null, "Kafka bootstrap servers"),
        REGISTRY_URL("nerco.registry.url", null, "Confluent-compatible schema registry URL"),
        MODEL("nerco.model", "models/default,models/zh", "model bundle folders, comma-separated, one per language; the first is the fallback"),
        ACCURATE_MODEL("nerco.model.accurate", null, "accurate bundle folders, comma-separated: each re-tags the sentences the "
                + "nerco.model bundle of its language is unsure of (a cascade; default none)"),
        ACCURATE_BELOW("nerco.model.accurate.below", "0.8", "a sentence goes to the accurate bundle when the fast one gives its "
                + "labels a probability below this"),
        APPLICATION_ID("application.id", "nerco-tagger", "Kafka Streams application id"),
        INPUT_TOPIC("nerco.topic.input", "text-events", "input topic of TextEvents"),
        ENTITIES_TOPIC("nerco.topic.entities", "entities", "output topic of EntityRecords"),
        MENTIONS_TOPIC("nerco.topic.mentions", "entity-mentions", "output topic of EntityMentions"),
        DEAD_LETTER_TOPIC("nerco.topic.dead-letters", "dead-letters", "dead-letter topic"),
        BATCH_SIZE("nerco.batch.size", "32", "events per inference batch"),
        MAX_BATCH_CHARS("nerco.batch.max-chars", "16000", "a batch stops before the event that would take it over this many characters"),
        MAX_LATENCY_MS("nerco.batch.max-latency-ms", "50", "flush a partial batch after this many ms"),
        PROCESSING_GUARANTEE("processing.guarantee", "exactly_once_v2", "at_least_once or exactly_once_v2"),
        STATE_DIR("state.dir", Path.of(System.getProperty("java.io.tmpdir"), "kafka-streams").toString(),
                "Kafka Streams state directory (a persistent volume in Kubernetes)"),
        STATE_MEMORY_MB(BoundedStateMemory.MEMORY_CONFIG, Long.toString(BoundedStateMemory.DEFAULT_MEMORY_MB),
                "off-heap megabytes all state stores of this instance share (RocksDB block cache, memtables, indexes)"),
        NUM_STREAM_THREADS("num.stream.threads", "1", "stream threads of this instance"),
        REPLICATION_FACTOR("replication.factor", "-1", "replication factor of internal topics (-1: the broker's default)"),
        LABELED_TOPIC("nerco.topic.labeled", null, "input topic of LabeledEvents; set it to run the quality topology"),
        QUALITY_TOPIC("nerco.topic.quality", "quality", "output topic of QualityReports"),
        QUALITY_ALERTS_TOPIC("nerco.topic.quality-alerts", "quality-alerts", "output topic of QualityAlerts"),
        QUALITY_WINDOW_MS("nerco.quality.window-ms", "3600000", "quality window size in event time"),
        QUALITY_GRACE_MS("nerco.quality.grace-ms", "600000", "how long after its end a quality window accepts events"),
        QUALITY_F1_FLOOR("nerco.quality.f1-floor", "0", "alert when a type's F1 in a window is below this (0: off)"),
        QUALITY_MAX_F1_DROP("nerco.quality.max-f1-drop", "1", "alert when a type's F1 drops by more than this (1: off)"),
        HTTP_HOST("nerco.http.host", "0.0.0.0", "bind address of /health, /ready and /metrics"),
        HTTP_PORT("nerco.http.port", "9400", "port of /health, /ready and /metrics (0: any free port)");

        final String property;
        final String defaultValue;
        final String doc;

        Key(String property, String defaultValue, String doc) {
            this.property = property;
            this.defaultValue = defaultValue;
            this.doc = doc;
        }

        /** {@code nerco.batch.size} becomes {@code NERCO_BATCH_SIZE}; {@code bootstrap.servers} becomes {@code NERCO_BOOTSTRAP_SERVERS}. */
        String environmentVariable() {
            String name = property.startsWith("nerco.") ? property : "nerco." + property;
            return name.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
        }
    }

    private final Map<Key, String> flags;
    private final Map<String, String> environment;
    private final Properties file;

    RunConfig(Map<Key, String> flags, Map<String, String> environment, Properties file) {
        this.flags = Map.copyOf(flags);
        this.environment = Map.copyOf(environment);
        this.file = file;
    }

    static Properties load(Path file) throws IOException {
        Properties props = new Properties();
        if (file != null) {
            try (Reader in = Files.newBufferedReader(file)) {
                props.load(in);
            }
        }
        return props;
    }

    /**
     * The resolved value of {@code key}.
     *
     * @throws IllegalArgumentException when a setting without default is given nowhere
     */
    String get(Key key) {
        return find(key).orElseThrow(() -> new IllegalArgumentException(key.doc + " is required: --"
                + key.name().toLowerCase(Locale.ROOT).replace('_', '-') + ", " + key.environmentVariable() + " or "
                + key.property + " in --config"));
    }

    /** The resolved value of {@code key}, or empty when it is given nowhere and has no default. */
    Optional<String> find(Key key) {
        String value = flags.get(key);
        if (value == null) {
            value = environment.get(key.environmentVariable());
        }
        if (value == null) {
            value = file.getProperty(key.property);
        }
        if (value == null) {
            value = key.defaultValue;
        }
        return Optional.ofNullable(value).filter(v -> !v.isBlank());
    }

    /**
     * The registry client's settings: the resolved registry URL and the file's
     * {@link RegistryConfig} keys.
     *
     * @throws org.apache.kafka.common.config.ConfigException when one is invalid (the message holds no secret)
     */
    SchemaRegistrySettings registrySettings() {
        Map<String, Object> props = new HashMap<>();
        for (String name : file.stringPropertyNames()) {
            if (RegistryConfig.CONFIG_DEF.names().contains(name)) {
                props.put(name, file.getProperty(name));
            }
        }
        props.put(RegistryConfig.SCHEMA_REGISTRY_URL, get(Key.REGISTRY_URL));
        return RegistryConfig.clientSettings(props);
    }

    /**
     * The file's keys that are neither {@code nerco.*} nor the registry client's, for Kafka
     * Streams and its clients, plus the declared Kafka keys resolved.
     */
    Properties streamsProperties() {
        Properties props = new Properties();
        for (String name : file.stringPropertyNames()) {
            if (!name.startsWith("nerco.") && !RegistryConfig.CONFIG_DEF.names().contains(name)) {
                props.setProperty(name, file.getProperty(name));
            }
        }
        props.setProperty(Key.BOOTSTRAP_SERVERS.property, get(Key.BOOTSTRAP_SERVERS));
        props.setProperty(Key.APPLICATION_ID.property, get(Key.APPLICATION_ID));
        for (Key key : new Key[] {Key.PROCESSING_GUARANTEE, Key.STATE_DIR, Key.STATE_MEMORY_MB, Key.NUM_STREAM_THREADS,
                Key.REPLICATION_FACTOR}) {
            props.setProperty(key.property, get(key));
        }
        return props;
    }
}
