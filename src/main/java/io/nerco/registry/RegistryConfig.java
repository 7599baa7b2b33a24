package io.nerco.registry;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

/**
 * The configuration keys of the registry client and the Avro serdes, named as in Confluent's
 * serializers so existing Kafka configs carry over. Each key is declared once, in
 * {@link #CONFIG_DEF}; unknown keys are ignored, so a whole Kafka Streams config can be passed.
 * Secrets are {@link Type#PASSWORD} and never printed.
 */
public final class RegistryConfig extends AbstractConfig {
    public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";
    public static final String BASIC_AUTH_CREDENTIALS_SOURCE = "basic.auth.credentials.source";
    public static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";
    /** Confluent's prefixed spelling of {@link #BASIC_AUTH_USER_INFO}, accepted too. */
    public static final String SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO = "schema.registry.basic.auth.user.info";
    public static final String SSL_TRUSTSTORE_LOCATION = "schema.registry.ssl.truststore.location";
    public static final String SSL_TRUSTSTORE_PASSWORD = "schema.registry.ssl.truststore.password";
    public static final String SSL_TRUSTSTORE_TYPE = "schema.registry.ssl.truststore.type";
    public static final String SSL_KEYSTORE_LOCATION = "schema.registry.ssl.keystore.location";
    public static final String SSL_KEYSTORE_PASSWORD = "schema.registry.ssl.keystore.password";
    public static final String SSL_KEYSTORE_TYPE = "schema.registry.ssl.keystore.type";
    public static final String SSL_KEY_PASSWORD = "schema.registry.ssl.key.password";
    public static final String HTTP_CONNECT_TIMEOUT_MS = "http.connect.timeout.ms";
    public static final String HTTP_READ_TIMEOUT_MS = "http.read.timeout.ms";
    public static final String MAX_RETRIES = "max.retries";
    public static final String RETRIES_WAIT_MS = "retries.wait.ms";
    public static final String RETRIES_MAX_WAIT_MS = "retries.max.wait.ms";
    public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";
    public static final String KEY_SUBJECT_NAME_STRATEGY = "key.subject.name.strategy";
    public static final String VALUE_SUBJECT_NAME_STRATEGY = "value.subject.name.strategy";
    /** Shorthand for both key and value strategies; the specific keys win. */
    public static final String SUBJECT_NAME_STRATEGY = "subject.name.strategy";

    public static final ConfigDef CONFIG_DEF = new ConfigDef()
            .define(SCHEMA_REGISTRY_URL, Type.LIST, ConfigDef.NO_DEFAULT_VALUE, Importance.HIGH,
                    "Comma-separated registry base URLs, tried in turn on retries. For Apicurio, the Confluent API: "
                            + "http://host:port/apis/ccompat/v7.")
            .define(BASIC_AUTH_CREDENTIALS_SOURCE, Type.STRING, "USER_INFO",
                    ConfigDef.CaseInsensitiveValidString.in("USER_INFO", "URL"), Importance.MEDIUM,
                    "Where basic auth credentials come from: USER_INFO (basic.auth.user.info) or URL (user:password@ "
                            + "in schema.registry.url, stripped from the URL before use).")
            .define(BASIC_AUTH_USER_INFO, Type.PASSWORD, null, Importance.MEDIUM,
                    "Basic auth credentials as user:password; none when unset.")
            .define(SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO, Type.PASSWORD, null, Importance.LOW,
                    "Same as basic.auth.user.info (Confluent's prefixed spelling).")
            .define(SSL_TRUSTSTORE_LOCATION, Type.STRING, null, Importance.MEDIUM, "Trust store file for https.")
            .define(SSL_TRUSTSTORE_PASSWORD, Type.PASSWORD, null, Importance.MEDIUM, "Trust store password.")
            .define(SSL_TRUSTSTORE_TYPE, Type.STRING, "PKCS12", Importance.LOW, "Trust store type (PKCS12, JKS).")
            .define(SSL_KEYSTORE_LOCATION, Type.STRING, null, Importance.MEDIUM, "Key store file for client certificates.")
            .define(SSL_KEYSTORE_PASSWORD, Type.PASSWORD, null, Importance.MEDIUM, "Key store password.")
            .define(SSL_KEYSTORE_TYPE, Type.STRING, "PKCS12", Importance.LOW, "Key store type (PKCS12, JKS).")
            .define(SSL_KEY_PASSWORD, Type.PASSWORD, null, Importance.LOW, "Key password; the key store's when unset.")
            .define(HTTP_CONNECT_TIMEOUT_MS, Type.INT, (int) SchemaRegistrySettings.DEFAULT_CONNECT_TIMEOUT.toMillis(),
                    ConfigDef.Range.atLeast(1), Importance.LOW, "Limit on opening a connection to the registry.")
            .define(HTTP_READ_TIMEOUT_MS, Type.INT, (int) SchemaRegistrySettings.DEFAULT_REQUEST_TIMEOUT.toMillis(),
                    ConfigDef.Range.atLeast(1), Importance.LOW, "Limit on one request once connected.")
            .define(MAX_RETRIES, Type.INT, SchemaRegistrySettings.DEFAULT_MAX_RETRIES, ConfigDef.Range.atLeast(0),
                    Importance.LOW, "Retries after the first attempt on connection errors, timeouts, 5xx and 429.")
            .define(RETRIES_WAIT_MS, Type.INT, (int) SchemaRegistrySettings.DEFAULT_INITIAL_BACKOFF.toMillis(),
                    ConfigDef.Range.atLeast(1), Importance.LOW, "Wait before the first retry; doubles with each, with jitter.")
            .define(RETRIES_MAX_WAIT_MS, Type.INT, (int) SchemaRegistrySettings.DEFAULT_MAX_BACKOFF.toMillis(),
                    ConfigDef.Range.atLeast(1), Importance.LOW, "Cap on one wait between retries.")
            .define(AUTO_REGISTER_SCHEMAS, Type.BOOLEAN, true, Importance.MEDIUM,
                    "Register the writer schema when it is not under its subject yet; false to only look it up.")
            .define(KEY_SUBJECT_NAME_STRATEGY, Type.STRING, null, Importance.LOW,
                    "Subject naming for keys: TopicNameStrategy, RecordNameStrategy, TopicRecordNameStrategy or a class.")
            .define(VALUE_SUBJECT_NAME_STRATEGY, Type.STRING, null, Importance.LOW,
                    "Subject naming for values: TopicNameStrategy, RecordNameStrategy, TopicRecordNameStrategy or a class.")
            .define(SUBJECT_NAME_STRATEGY, Type.STRING, "TopicNameStrategy", Importance.LOW,
                    "Subject naming for keys and values unless the specific key is set.");

    private RegistryConfig(Map<String, ?> props) {
        super(CONFIG_DEF, props, false);
    }

    /**
     * Client settings from {@code props} (not null).
     *
     * @throws ConfigException when a key is missing or invalid; the message never holds secrets
     */
    public static SchemaRegistrySettings clientSettings(Map<String, ?> props) {
        RegistryConfig config = new RegistryConfig(props);
        boolean credentialsInUrl = config.getString(BASIC_AUTH_CREDENTIALS_SOURCE).equalsIgnoreCase("URL");
        SchemaRegistrySettings.BasicAuth auth = null;
        List<URI> urls;
        try {
            urls = config.getList(SCHEMA_REGISTRY_URL).stream().map(String::strip).map(URI::create).toList();
        } catch (IllegalArgumentException e) {
            // URI's message repeats the input, which may hold credentials.
            throw new ConfigException(SCHEMA_REGISTRY_URL + " is not a valid URL list");
        }
        if (credentialsInUrl) {
            String userInfo = urls.stream().map(URI::getUserInfo).filter(u -> u != null).findFirst()
                    .orElseThrow(() -> new ConfigException(BASIC_AUTH_CREDENTIALS_SOURCE
                            + "=URL but no schema.registry.url carries user:password@"));
            auth = parseUserInfo(userInfo, SCHEMA_REGISTRY_URL);
            urls = urls.stream().map(RegistryConfig::stripUserInfo).toList();
        } else {
            Password userInfo = config.getPassword(BASIC_AUTH_USER_INFO);
            String key = BASIC_AUTH_USER_INFO;
            if (userInfo == null) {
                userInfo = config.getPassword(SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO);
                key = SCHEMA_REGISTRY_BASIC_AUTH_USER_INFO;
            }
            if (userInfo != null) {
                auth = parseUserInfo(userInfo.value(), key);
            }
        }
        try {
            return new SchemaRegistrySettings(urls, auth, config.tls(),
                    Duration.ofMillis(config.getInt(HTTP_CONNECT_TIMEOUT_MS)),
                    Duration.ofMillis(config.getInt(HTTP_READ_TIMEOUT_MS)),
                    config.getInt(MAX_RETRIES),
                    Duration.ofMillis(config.getInt(RETRIES_WAIT_MS)),
                    Duration.ofMillis(config.getInt(RETRIES_MAX_WAIT_MS)));
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
    }

    /**
     * Serde settings from {@code props} (not null) for a key or a value serde.
     *
     * @throws ConfigException when a value is invalid
     */
    public static AvroSerdeSettings serdeSettings(Map<String, ?> props, boolean isKey) {
        RegistryConfig config = new RegistryConfig(withUrlPlaceholder(props));
        String specific = config.getString(isKey ? KEY_SUBJECT_NAME_STRATEGY : VALUE_SUBJECT_NAME_STRATEGY);
        String strategy = specific != null ? specific : config.getString(SUBJECT_NAME_STRATEGY);
        try {
            return new AvroSerdeSettings(config.getBoolean(AUTO_REGISTER_SCHEMAS), SubjectNameStrategy.named(strategy), isKey);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(e.getMessage());
        }
    }

    private TlsSettings tls() {
        TlsSettings.KeyStoreFile trust = store(SSL_TRUSTSTORE_LOCATION, SSL_TRUSTSTORE_PASSWORD, SSL_TRUSTSTORE_TYPE);
        TlsSettings.KeyStoreFile key = store(SSL_KEYSTORE_LOCATION, SSL_KEYSTORE_PASSWORD, SSL_KEYSTORE_TYPE);
        if (trust == null && key == null) {
            return null;
        }
        Password keyPassword = getPassword(SSL_KEY_PASSWORD);
        return new TlsSettings(trust, key, keyPassword == null ? null : Secret.of(keyPassword.value()), null);
    }

    private TlsSettings.KeyStoreFile store(String locationKey, String passwordKey, String typeKey) {
        String location = getString(locationKey);
        if (location == null || location.isBlank()) {
            return null;
        }
        Password password = getPassword(passwordKey);
        if (password == null) {
            throw new ConfigException(locationKey + " is set but " + passwordKey + " is not");
        }
        return new TlsSettings.KeyStoreFile(Path.of(location), Secret.of(password.value()), getString(typeKey));
    }

    private static SchemaRegistrySettings.BasicAuth parseUserInfo(String userInfo, String key) {
        try {
            return SchemaRegistrySettings.BasicAuth.parse(userInfo);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key + ": " + e.getMessage());
        }
    }

    private static URI stripUserInfo(URI url) {
        return URI.create(url.getScheme() + "://" + url.getRawAuthority().substring(url.getRawAuthority().indexOf('@') + 1)
                + (url.getRawPath() == null ? "" : url.getRawPath()));
    }

    /** Serde keys do not need the URL (a serde may be given a client), but the definition requires it. */
    private static Map<String, ?> withUrlPlaceholder(Map<String, ?> props) {
        if (props.containsKey(SCHEMA_REGISTRY_URL)) {
            return props;
        }
        Map<String, Object> copy = new java.util.HashMap<>(props);
        copy.put(SCHEMA_REGISTRY_URL, "http://unused");
        return copy;
    }
}
