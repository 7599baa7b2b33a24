package io.nerco.cli;

import io.nerco.registry.RegistryConfig;
import io.nerco.registry.SchemaRegistrySettings;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
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
        MODEL("nerco.model", "models/default", "model bundle folder"),
        APPLICATION_ID("application.id", "nerco-tagger", "Kafka Streams application id"),
        INPUT_TOPIC("nerco.topic.input", "text-events", "input topic of TextEvents"),
        ENTITIES_TOPIC("nerco.topic.entities", "entities", "output topic of EntityRecords"),
        MENTIONS_TOPIC("nerco.topic.mentions", "entity-mentions", "output topic of EntityMentions"),
        DEAD_LETTER_TOPIC("nerco.topic.dead-letters", "dead-letters", "dead-letter topic"),
        BATCH_SIZE("nerco.batch.size", "32", "events per inference batch"),
        MAX_LATENCY_MS("nerco.batch.max-latency-ms", "200", "flush a partial batch after this many ms"),
        PROCESSING_GUARANTEE("processing.guarantee", "exactly_once_v2", "at_least_once or exactly_once_v2");

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
        if (value == null) {
            throw new IllegalArgumentException(key.doc + " is required: --" + key.name().toLowerCase(Locale.ROOT).replace('_', '-')
                    + ", " + key.environmentVariable() + " or " + key.property + " in --config");
        }
        return value;
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
        props.setProperty(Key.PROCESSING_GUARANTEE.property, get(Key.PROCESSING_GUARANTEE));
        return props;
    }
}
