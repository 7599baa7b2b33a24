package io.nerco.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;

class RegistryConfigTest {

    @Test
    void readsUrlsTimeoutsRetriesAndUserInfo() {
        SchemaRegistrySettings s = RegistryConfig.clientSettings(Map.of(
                "schema.registry.url", "http://a:8081/apis/ccompat/v7/, http://b:8081",
                "basic.auth.user.info", "alice:s3cret:with-colon",
                "http.connect.timeout.ms", "250",
                "http.read.timeout.ms", 750,
                "max.retries", "2",
                "retries.wait.ms", "10",
                "retries.max.wait.ms", "40",
                "application.id", "ignored-unknown-key"));

        assertThat(s.urls()).containsExactly(URI.create("http://a:8081/apis/ccompat/v7"), URI.create("http://b:8081"));
        assertThat(s.basicAuth().username()).isEqualTo("alice");
        assertThat(s.basicAuth().password().revealString()).isEqualTo("s3cret:with-colon");
        assertThat(s.connectTimeout()).isEqualTo(Duration.ofMillis(250));
        assertThat(s.requestTimeout()).isEqualTo(Duration.ofMillis(750));
        assertThat(s.maxRetries()).isEqualTo(2);
        assertThat(s.initialBackoff()).isEqualTo(Duration.ofMillis(10));
        assertThat(s.maxBackoff()).isEqualTo(Duration.ofMillis(40));
    }

    @Test
    void secretsNeverAppearInToString() {
        SchemaRegistrySettings s = RegistryConfig.clientSettings(Map.of(
                "schema.registry.url", "https://reg:8081",
                "basic.auth.user.info", "alice:s3cret",
                "schema.registry.ssl.truststore.location", "/no/such/truststore.p12",
                "schema.registry.ssl.truststore.password", "trustpw"));

        assertThat(s.toString()).doesNotContain("s3cret").doesNotContain("trustpw").contains("alice");
        assertThat(s.tls().trustStore().type()).isEqualTo("PKCS12");
    }

    @Test
    void credentialsFromUrlAreMovedOutOfIt() {
        SchemaRegistrySettings s = RegistryConfig.clientSettings(Map.of(
                "schema.registry.url", "http://bob:pw@reg:8081/apis/ccompat/v7",
                "basic.auth.credentials.source", "URL"));

        assertThat(s.urls()).containsExactly(URI.create("http://reg:8081/apis/ccompat/v7"));
        assertThat(s.basicAuth().username()).isEqualTo("bob");
        assertThat(s.basicAuth().password().revealString()).isEqualTo("pw");
    }

    @Test
    void userInfoLeftInUrlIsRefusedWithoutRepeatingIt() {
        assertThatThrownBy(() -> RegistryConfig.clientSettings(Map.of("schema.registry.url", "http://bob:pw@reg:8081")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("user info")
                .hasMessageNotContaining("pw");
    }

    @Test
    void malformedUserInfoIsRefusedWithoutRepeatingIt() {
        assertThatThrownBy(() -> RegistryConfig.clientSettings(Map.of(
                "schema.registry.url", "http://reg:8081", "basic.auth.user.info", "justapassword")))
                .isInstanceOf(ConfigException.class)
                .hasMessageNotContaining("justapassword");
    }

    @Test
    void missingUrlIsAConfigError() {
        assertThatThrownBy(() -> RegistryConfig.clientSettings(Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("schema.registry.url");
    }

    @Test
    void serdeSettingsDefaultToConfluentsDefaults() {
        AvroSerdeSettings s = RegistryConfig.serdeSettings(Map.of(), false);

        assertThat(s.autoRegisterSchemas()).isTrue();
        assertThat(s.subjectNameStrategy()).isInstanceOf(TopicNameStrategy.class);
        assertThat(s.isKey()).isFalse();
    }

    @Test
    void specificStrategyKeyWinsOverShorthand() {
        Map<String, String> props = Map.of(
                "subject.name.strategy", "RecordNameStrategy",
                "key.subject.name.strategy", "io.confluent.kafka.serializers.subject.TopicRecordNameStrategy",
                "auto.register.schemas", "false");

        assertThat(RegistryConfig.serdeSettings(props, true).subjectNameStrategy()).isInstanceOf(TopicRecordNameStrategy.class);
        assertThat(RegistryConfig.serdeSettings(props, false).subjectNameStrategy()).isInstanceOf(RecordNameStrategy.class);
        assertThat(RegistryConfig.serdeSettings(props, false).autoRegisterSchemas()).isFalse();
    }
}
