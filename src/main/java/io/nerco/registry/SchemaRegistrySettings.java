package io.nerco.registry;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * How to reach a Confluent-compatible schema registry. Immutable and thread-safe; its
 * {@code toString} never shows secrets. Build one with {@link #of(URI)} and the {@code with}
 * methods, or from Kafka-style properties with {@link RegistryConfig#clientSettings}.
 *
 * @param urls           base URLs (http or https, no user info), tried in turn on retries;
 *                       for Apicurio the Confluent API's base, {@code http://host:port/apis/ccompat/v7}
 * @param basicAuth      credentials for HTTP basic auth, or null for none
 * @param tls            TLS settings for https, or null for the JDK's defaults
 * @param connectTimeout limit on opening a connection, positive
 * @param requestTimeout limit on one request after the connection is open, positive
 * @param maxRetries     retries after the first attempt on connection errors, 5xx and 429; 0 or more
 * @param initialBackoff wait before the first retry; doubles each retry, with jitter
 * @param maxBackoff     cap on one wait, at least {@code initialBackoff}
 */
public record SchemaRegistrySettings(
        List<URI> urls,
        BasicAuth basicAuth,
        TlsSettings tls,
        Duration connectTimeout,
        Duration requestTimeout,
        int maxRetries,
        Duration initialBackoff,
        Duration maxBackoff) {

    /** Defaults: short enough that a dead registry fails a test or a startup fast. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);
    public static final int DEFAULT_MAX_RETRIES = 3;
    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofMillis(200);
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(5);

    /** HTTP basic auth credentials; the password prints as a mask. */
    public record BasicAuth(String username, Secret password) {
        public BasicAuth {
            Objects.requireNonNull(username, "username");
            Objects.requireNonNull(password, "password");
            if (username.contains(":")) {
                throw new IllegalArgumentException("basic auth user name must not contain ':'");
            }
        }

        /** Parses Confluent's {@code user:password} form; the message never repeats the input. */
        public static BasicAuth parse(String userInfo) {
            Objects.requireNonNull(userInfo, "userInfo");
            int colon = userInfo.indexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("basic auth user info must have the form user:password");
            }
            return new BasicAuth(userInfo.substring(0, colon), Secret.of(userInfo.substring(colon + 1)));
        }
    }

    public SchemaRegistrySettings {
        urls = List.copyOf(Objects.requireNonNull(urls, "urls")).stream().map(SchemaRegistrySettings::checkUrl).toList();
        if (urls.isEmpty()) {
            throw new IllegalArgumentException("at least one registry URL is needed");
        }
        requirePositive(connectTimeout, "connectTimeout");
        requirePositive(requestTimeout, "requestTimeout");
        requirePositive(initialBackoff, "initialBackoff");
        requirePositive(maxBackoff, "maxBackoff");
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must be 0 or more, got " + maxRetries);
        }
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("maxBackoff " + maxBackoff + " is below initialBackoff " + initialBackoff);
        }
    }

    /** Settings for {@code url} with no auth, default TLS, and the default timeouts and retries. */
    public static SchemaRegistrySettings of(URI url) {
        return new SchemaRegistrySettings(List.of(url), null, null, DEFAULT_CONNECT_TIMEOUT, DEFAULT_REQUEST_TIMEOUT,
                DEFAULT_MAX_RETRIES, DEFAULT_INITIAL_BACKOFF, DEFAULT_MAX_BACKOFF);
    }

    /** A copy with these credentials (null for none). */
    public SchemaRegistrySettings withBasicAuth(BasicAuth auth) {
        return new SchemaRegistrySettings(urls, auth, tls, connectTimeout, requestTimeout, maxRetries, initialBackoff, maxBackoff);
    }

    /** A copy with these TLS settings (null for the JDK's defaults). */
    public SchemaRegistrySettings withTls(TlsSettings tlsSettings) {
        return new SchemaRegistrySettings(urls, basicAuth, tlsSettings, connectTimeout, requestTimeout, maxRetries, initialBackoff, maxBackoff);
    }

    /** A copy with these timeouts. */
    public SchemaRegistrySettings withTimeouts(Duration connect, Duration request) {
        return new SchemaRegistrySettings(urls, basicAuth, tls, connect, request, maxRetries, initialBackoff, maxBackoff);
    }

    /** A copy with this retry policy. */
    public SchemaRegistrySettings withRetries(int retries, Duration initial, Duration max) {
        return new SchemaRegistrySettings(urls, basicAuth, tls, connectTimeout, requestTimeout, retries, initial, max);
    }

    private static URI checkUrl(URI url) {
        Objects.requireNonNull(url, "url");
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("registry URL must be http or https: " + withoutUserInfo(url));
        }
        if (url.getRawUserInfo() != null) {
            // Keeping credentials out of the URL keeps them out of every message that names it.
            throw new IllegalArgumentException("registry URL must not carry user info; use basic auth settings: "
                    + withoutUserInfo(url));
        }
        if (url.getHost() == null) {
            throw new IllegalArgumentException("registry URL has no host: " + url);
        }
        String text = url.toString();
        return text.endsWith("/") ? URI.create(text.substring(0, text.length() - 1)) : url;
    }

    static String withoutUserInfo(URI url) {
        return url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort())
                + (url.getRawPath() == null ? "" : url.getRawPath());
    }

    private static void requirePositive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, got " + d);
        }
    }
}
