package io.nerco.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nerco.cli.RunConfig.Key;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class RunConfigTest {
    private static Properties file(String... keyValues) {
        Properties props = new Properties();
        for (int i = 0; i < keyValues.length; i += 2) {
            props.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return props;
    }

    @Test
    void flagBeatsEnvironmentBeatsFileBeatsDefault() {
        Properties file = file("nerco.batch.size", "8", "nerco.topic.input", "from-file", "nerco.model", "file-model");
        Map<String, String> env = Map.of("NERCO_BATCH_SIZE", "16", "NERCO_MODEL", "env-model");
        RunConfig config = new RunConfig(Map.of(Key.BATCH_SIZE, "64"), env, file);
        assertThat(config.get(Key.BATCH_SIZE)).isEqualTo("64");
        assertThat(config.get(Key.MODEL)).isEqualTo("env-model");
        assertThat(config.get(Key.INPUT_TOPIC)).isEqualTo("from-file");
        assertThat(config.get(Key.ENTITIES_TOPIC)).isEqualTo("entities");
        assertThat(config.get(Key.PROCESSING_GUARANTEE)).isEqualTo("exactly_once_v2");
    }

    @Test
    void environmentNamesDeriveFromTheKey() {
        assertThat(Key.BOOTSTRAP_SERVERS.environmentVariable()).isEqualTo("NERCO_BOOTSTRAP_SERVERS");
        assertThat(Key.DEAD_LETTER_TOPIC.environmentVariable()).isEqualTo("NERCO_TOPIC_DEAD_LETTERS");
    }

    @Test
    void otherFileKeysPassThroughToStreams() {
        RunConfig config = new RunConfig(Map.of(Key.BOOTSTRAP_SERVERS, "b:9092"), Map.of(),
                file("num.stream.threads", "2", "consumer.max.poll.records", "100", "nerco.batch.size", "8"));
        Properties streams = config.streamsProperties();
        assertThat(streams).containsEntry("num.stream.threads", "2").containsEntry("consumer.max.poll.records", "100")
                .containsEntry("bootstrap.servers", "b:9092").containsEntry("processing.guarantee", "exactly_once_v2")
                .doesNotContainKey("nerco.batch.size");
    }

    @Test
    void theStateMemoryBoundReachesTheStoresFromTheEnvironmentOrItsDefault() {
        RunConfig defaults = new RunConfig(Map.of(Key.BOOTSTRAP_SERVERS, "b:9092"), Map.of(), new Properties());
        assertThat(defaults.streamsProperties()).containsEntry("nerco.state.memory-mb", "64");
        RunConfig fromEnvironment = new RunConfig(Map.of(Key.BOOTSTRAP_SERVERS, "b:9092"),
                Map.of("NERCO_STATE_MEMORY_MB", "256"), new Properties());
        assertThat(fromEnvironment.streamsProperties()).containsEntry("nerco.state.memory-mb", "256");
    }

    @Test
    void registryKeysGoToTheRegistryClientAndKafkaSecurityKeysToStreams() {
        RunConfig config = new RunConfig(Map.of(Key.BOOTSTRAP_SERVERS, "b:9092", Key.REGISTRY_URL, "https://r:8443/apis/ccompat/v7"),
                Map.of(), file("basic.auth.user.info", "tagger:s3cret", "schema.registry.ssl.truststore.location", "/t.p12",
                        "schema.registry.ssl.truststore.password", "store-pw", "security.protocol", "SASL_SSL",
                        "sasl.jaas.config", "x required;"));
        var registry = config.registrySettings();
        assertThat(registry.urls()).extracting(Object::toString).containsExactly("https://r:8443/apis/ccompat/v7");
        assertThat(registry.basicAuth().username()).isEqualTo("tagger");
        assertThat(registry.basicAuth().password().revealString()).isEqualTo("s3cret");
        assertThat(registry.tls().trustStore().path()).hasToString("/t.p12");
        assertThat(registry.toString()).doesNotContain("s3cret", "store-pw");
        assertThat(config.streamsProperties()).containsEntry("security.protocol", "SASL_SSL")
                .containsEntry("sasl.jaas.config", "x required;")
                .doesNotContainKeys("basic.auth.user.info", "schema.registry.ssl.truststore.password");
    }

    @Test
    void aMissingRequiredSettingNamesAllThreeWaysToGiveIt() {
        RunConfig config = new RunConfig(Map.of(), Map.of(), new Properties());
        assertThatThrownBy(() -> config.get(Key.REGISTRY_URL)).hasMessageContaining("--registry-url")
                .hasMessageContaining("NERCO_REGISTRY_URL").hasMessageContaining("nerco.registry.url");
    }

    @Test
    void theExampleConfigDefaultsToExactlyOnce() throws Exception {
        RunConfig config = new RunConfig(Map.of(), Map.of(), RunConfig.load(java.nio.file.Path.of("config", "run.example.properties")));
        assertThat(config.get(Key.PROCESSING_GUARANTEE)).isEqualTo("exactly_once_v2");
        assertThat(config.streamsProperties()).containsEntry("replication.factor", "3").doesNotContainKey("nerco.batch.size");
    }
}
