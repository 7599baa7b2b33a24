package io.nerco.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client for the Confluent Schema Registry REST API (Confluent, Apicurio's
 * {@code /apis/ccompat/v7}, Karapace, Redpanda), for Avro schemas.
 *
 * <p>Caches what never changes in a registry: schema by id, and id by (subject, schema).
 * Retries connection errors, timeouts, 5xx and 429 with exponential backoff and jitter, up to
 * {@link SchemaRegistrySettings#maxRetries()} times, then throws
 * {@link RegistryUnavailableException}; any other 4xx is not retried and becomes a named
 * {@link SchemaRegistryException}. The worst-case time of one call is about
 * {@code (maxRetries + 1) * (connectTimeout + requestTimeout) + the backoffs}.
 *
 * <p>Thread-safe: share one instance per registry. Arguments are never null. The creator
 * closes it, which closes its HTTP client.
 */
public final class SchemaRegistryClient implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SchemaRegistryClient.class);
    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final String ACCEPT = CONTENT_TYPE + ", application/vnd.schemaregistry+json, application/json";

    private final SchemaRegistrySettings settings;
    private final HttpClient http;
    private final String authorization;
    private final Backoff backoff;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();
    private final Map<String, Map<Schema, Integer>> idsBySubject = new ConcurrentHashMap<>();

    /** Connects nothing yet; the first call opens a connection. */
    public SchemaRegistryClient(SchemaRegistrySettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        HttpClient.Builder builder = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER);
        if (settings.tls() != null) {
            builder.sslContext(settings.tls().createContext());
        }
        this.http = builder.build();
        this.authorization = settings.basicAuth() == null ? null : "Basic " + Base64.getEncoder().encodeToString(
                (settings.basicAuth().username() + ":" + settings.basicAuth().password().revealString())
                        .getBytes(StandardCharsets.UTF_8));
        this.backoff = new Backoff(settings.initialBackoff(), settings.maxBackoff(),
                () -> ThreadLocalRandom.current().nextDouble());
    }

    /** The settings this client was made with. */
    public SchemaRegistrySettings settings() {
        return settings;
    }

    /**
     * Registers {@code schema} under {@code subject} (or finds it there, if it already is) and
     * returns its id. Cached per subject.
     *
     * @throws IncompatibleSchemaException when the subject's compatibility rule refuses it
     * @throws InvalidSchemaException      when the registry cannot parse it
     */
    public int register(String subject, Schema schema) {
        Integer cached = cachedId(subject, schema);
        if (cached != null) {
            return cached;
        }
        JsonNode answer = call("POST", "/subjects/" + encode(subject) + "/versions", schemaBody(schema));
        int id = requiredInt(answer, "id", "register under " + subject);
        remember(subject, schema, id);
        return id;
    }

    /**
     * The id of {@code schema} already registered under {@code subject}, without registering
     * it. Cached per subject.
     *
     * @throws SchemaNotFoundException  when the subject does not hold this schema
     * @throws SubjectNotFoundException when the subject does not exist
     */
    public int idOf(String subject, Schema schema) {
        Integer cached = cachedId(subject, schema);
        if (cached != null) {
            return cached;
        }
        JsonNode answer = call("POST", "/subjects/" + encode(subject), schemaBody(schema));
        int id = requiredInt(answer, "id", "look up under " + subject);
        remember(subject, schema, id);
        return id;
    }

    /**
     * The schema with this registry-wide id. Cached.
     *
     * @throws SchemaNotFoundException when the registry has no schema with this id
     */
    public Schema schemaById(int id) {
        Schema cached = schemasById.get(id);
        if (cached != null) {
            return cached;
        }
        JsonNode answer = call("GET", "/schemas/ids/" + id, null);
        Schema schema = parseAvro(answer, "schema id " + id);
        Schema raced = schemasById.putIfAbsent(id, schema);
        return raced != null ? raced : schema;
    }

    /**
     * The latest version under {@code subject}. Not cached: it changes when a new version is
     * registered.
     *
     * @throws SubjectNotFoundException when the subject does not exist
     */
    public RegisteredSchema latestVersion(String subject) {
        JsonNode answer = call("GET", "/subjects/" + encode(subject) + "/versions/latest", null);
        String what = "latest version of " + subject;
        RegisteredSchema latest = new RegisteredSchema(subject, requiredInt(answer, "version", what),
                requiredInt(answer, "id", what), parseAvro(answer, what));
        schemasById.putIfAbsent(latest.id(), latest.schema());
        return latest;
    }

    @Override
    public void close() {
        http.close();
    }

    @Override
    public String toString() {
        return "SchemaRegistryClient" + settings.urls().stream().map(SchemaRegistrySettings::withoutUserInfo).toList();
    }

    private Integer cachedId(String subject, Schema schema) {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(schema, "schema");
        Map<Schema, Integer> ids = idsBySubject.get(subject);
        return ids == null ? null : ids.get(schema);
    }

    private void remember(String subject, Schema schema, int id) {
        idsBySubject.computeIfAbsent(subject, s -> new ConcurrentHashMap<>()).put(schema, id);
        schemasById.putIfAbsent(id, schema);
    }

    private String schemaBody(Schema schema) {
        ObjectNode body = json.createObjectNode();
        body.put("schema", schema.toString());
        return body.toString();
    }

    private JsonNode call(String method, String path, String body) {
        int attempts = settings.maxRetries() + 1;
        IOException lastError = null;
        String lastAnswer = null;
        int lastStatus = -1;
        for (int attempt = 0; attempt < attempts; attempt++) {
            if (attempt > 0) {
                pause(backoff.delay(attempt - 1), method, path);
            }
            URI base = settings.urls().get(attempt % settings.urls().size());
            HttpRequest request = request(base, method, path, body);
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                int status = response.statusCode();
                if (status >= 200 && status < 300) {
                    return parseJson(response.body(), method, path);
                }
                if (status < 500 && status != 429) {
                    throw errorFor(method, path, status, response.body());
                }
                lastStatus = status;
                lastAnswer = "HTTP " + status + " " + registryMessage(response.body());
                lastError = null;
            } catch (IOException e) {
                lastError = e;
                lastStatus = -1;
                lastAnswer = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RegistryUnavailableException("interrupted during " + method + " " + path, -1, e);
            }
            LOG.debug("registry {} {} at {} failed (attempt {} of {}): {}", method, path,
                    SchemaRegistrySettings.withoutUserInfo(base), attempt + 1, attempts, lastAnswer);
        }
        throw new RegistryUnavailableException(method + " " + path + " failed after " + attempts + " attempt"
                + (attempts == 1 ? "" : "s") + " against " + settings.urls().stream()
                .map(SchemaRegistrySettings::withoutUserInfo).toList() + " (connect timeout "
                + settings.connectTimeout().toMillis() + " ms, request timeout " + settings.requestTimeout().toMillis()
                + " ms); last: " + lastAnswer, lastStatus, lastError);
    }

    private HttpRequest request(URI base, String method, String path, String body) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(settings.requestTimeout())
                .header("Accept", ACCEPT)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (body != null) {
            builder.header("Content-Type", CONTENT_TYPE);
        }
        if (authorization != null) {
            builder.header("Authorization", authorization);
        }
        return builder.build();
    }

    private static void pause(Duration delay, String method, String path) {
        try {
            Thread.sleep(delay);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryUnavailableException("interrupted while waiting to retry " + method + " " + path, -1, e);
        }
    }

    private SchemaRegistryException errorFor(String method, String path, int status, String body) {
        int code = errorCode(body);
        String message = method + " " + path + ": HTTP " + status + (code < 0 ? "" : " error " + code) + ": "
                + registryMessage(body);
        return switch (status) {
            case 401, 403 -> new RegistryAccessDeniedException(message, status, code);
            case 404 -> code == 40401 ? new SubjectNotFoundException(message, status, code)
                    : new SchemaNotFoundException(message, status, code);
            case 409 -> new IncompatibleSchemaException(message, status, code);
            case 422 -> code < 0 || code == 42201 ? new InvalidSchemaException(message, status, code)
                    : new SchemaRegistryException(message, status, code, null);
            default -> new SchemaRegistryException(message, status, code, null);
        };
    }

    private int errorCode(String body) {
        JsonNode node = tryParse(body);
        return node != null && node.path("error_code").canConvertToInt() ? node.path("error_code").asInt() : -1;
    }

    private String registryMessage(String body) {
        JsonNode node = tryParse(body);
        if (node != null && node.hasNonNull("message")) {
            return node.get("message").asText();
        }
        String text = body == null ? "" : body.strip();
        return text.length() > 300 ? text.substring(0, 300) + "..." : text;
    }

    private JsonNode tryParse(String body) {
        try {
            return body == null || body.isBlank() ? null : json.readTree(body);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    private JsonNode parseJson(String body, String method, String path) {
        JsonNode node = tryParse(body);
        if (node == null || !node.isObject()) {
            throw new SchemaRegistryException(method + " " + path + ": the registry's answer is not a JSON object",
                    200, -1, null);
        }
        return node;
    }

    private static int requiredInt(JsonNode answer, String field, String what) {
        JsonNode value = answer.get(field);
        if (value == null || !value.canConvertToInt()) {
            throw new SchemaRegistryException(what + ": the registry's answer has no integer '" + field + "'", 200, -1, null);
        }
        return value.asInt();
    }

    private static Schema parseAvro(JsonNode answer, String what) {
        String type = answer.path("schemaType").asText("AVRO");
        if (!type.equals("AVRO")) {
            throw new SchemaRegistryException(what + " is a " + type + " schema, not AVRO", 200, -1, null);
        }
        JsonNode text = answer.get("schema");
        if (text == null || !text.isTextual()) {
            throw new SchemaRegistryException(what + ": the registry's answer has no 'schema'", 200, -1, null);
        }
        try {
            return new Schema.Parser().parse(text.asText());
        } catch (SchemaParseException e) {
            throw new SchemaRegistryException(what + ": the registry returned a schema Avro cannot parse: "
                    + e.getMessage(), 200, -1, e);
        }
    }

    private static String encode(String subject) {
        return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
