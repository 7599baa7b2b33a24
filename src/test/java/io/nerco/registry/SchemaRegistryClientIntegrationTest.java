package io.nerco.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nerco.registry.fixture.Greeting;
import io.nerco.testing.ApicurioRegistry;
import io.nerco.testing.RecordingProxy;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

@Tag("integration")
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class SchemaRegistryClientIntegrationTest {
    @RegisterExtension
    static final ApicurioRegistry REGISTRY = new ApicurioRegistry();

    /** Version 2 of the fixture: a new optional field with a default, so both directions resolve. */
    private static final Schema GREETING_V2 = SchemaBuilder.record("Greeting").namespace("io.nerco.registry.fixture")
            .fields().requiredString("id").requiredString("text")
            .name("lang").type().unionOf().nullType().and().stringType().endUnion().nullDefault()
            .endRecord();

    private static String uniqueTopic() {
        return "t" + UUID.randomUUID().toString().replace("-", "");
    }

    @Test
    void registersLooksUpByIdAndFindsLatest() {
        String subject = uniqueTopic() + "-value";
        try (SchemaRegistryClient writer = new SchemaRegistryClient(REGISTRY.settings());
             SchemaRegistryClient reader = new SchemaRegistryClient(REGISTRY.settings())) {
            int id = writer.register(subject, Greeting.getClassSchema());

            assertThat(reader.schemaById(id)).isEqualTo(Greeting.getClassSchema());
            assertThat(reader.idOf(subject, Greeting.getClassSchema())).isEqualTo(id);
            RegisteredSchema latest = reader.latestVersion(subject);
            assertThat(latest.id()).isEqualTo(id);
            assertThat(latest.version()).isEqualTo(1);
            assertThat(writer.register(subject, Greeting.getClassSchema())).isEqualTo(id);
        }
    }

    @Test
    void cachesIdsAndSchemasSoRepeatsCostNoRequests() throws Exception {
        String subject = uniqueTopic() + "-value";
        try (RecordingProxy proxy = new RecordingProxy(REGISTRY.running().baseUrl(), null);
             SchemaRegistryClient writer = new SchemaRegistryClient(viaProxy(proxy));
             SchemaRegistryClient reader = new SchemaRegistryClient(viaProxy(proxy))) {
            int id = writer.register(subject, Greeting.getClassSchema());
            writer.register(subject, Greeting.getClassSchema());
            writer.idOf(subject, Greeting.getClassSchema());
            writer.schemaById(id);
            assertThat(proxy.seen()).hasSize(1);

            reader.schemaById(id);
            reader.schemaById(id);
            reader.idOf(subject, Greeting.getClassSchema());
            reader.idOf(subject, Greeting.getClassSchema());
            assertThat(proxy.seen()).extracting(RecordingProxy.Seen::method)
                    .containsExactly("POST", "GET", "POST");
        }
    }

    @Test
    void evolvedSchemasReadBothWays() {
        String topic = uniqueTopic();
        try (SchemaRegistryClient client = new SchemaRegistryClient(REGISTRY.settings());
             AvroSerde<Greeting> v1 = AvroSerde.specific(Greeting.class, client, AvroSerdeSettings.defaults());
             AvroSerde<GenericRecord> v2 = AvroSerde.generic(GREETING_V2, client, AvroSerdeSettings.defaults())) {
            setCompatibility(topic + "-value", "BACKWARD");

            byte[] writtenV1 = v1.serializer().serialize(topic, new Greeting("1", "hello"));
            GenericRecord readAsV2 = v2.deserializer().deserialize(topic, writtenV1);
            assertThat(readAsV2.get("text")).hasToString("hello");
            assertThat(readAsV2.get("lang")).isNull();

            GenericRecord newer = new GenericData.Record(GREETING_V2);
            newer.put("id", "2");
            newer.put("text", "bonjour");
            newer.put("lang", "fr");
            byte[] writtenV2 = v2.serializer().serialize(topic, newer);
            assertThat(WireFormat.decode(writtenV2).schemaId()).isNotEqualTo(WireFormat.decode(writtenV1).schemaId());
            assertThat(v1.deserializer().deserialize(topic, writtenV2)).isEqualTo(new Greeting("2", "bonjour"));
            assertThat(v2.deserializer().deserialize(topic, writtenV2).get("lang")).hasToString("fr");
            assertThat(client.latestVersion(topic + "-value").version()).isEqualTo(2);
        }
    }

    @Test
    void incompatibleSchemaIsRefusedByName() {
        String subject = uniqueTopic() + "-value";
        Schema withRequiredField = SchemaBuilder.record("Greeting").namespace("io.nerco.registry.fixture")
                .fields().requiredString("id").requiredString("text").requiredInt("priority").endRecord();
        try (SchemaRegistryClient client = new SchemaRegistryClient(REGISTRY.settings())) {
            client.register(subject, Greeting.getClassSchema());
            setCompatibility(subject, "BACKWARD");

            assertThatThrownBy(() -> client.register(subject, withRequiredField))
                    .isInstanceOf(IncompatibleSchemaException.class)
                    .satisfies(e -> assertThat(((SchemaRegistryException) e).status()).isEqualTo(409));
        }
    }

    @Test
    void unknownIdIsSchemaNotFoundAndNotRetried() throws Exception {
        try (RecordingProxy proxy = new RecordingProxy(REGISTRY.running().baseUrl(), null);
             SchemaRegistryClient client = new SchemaRegistryClient(viaProxy(proxy));
             AvroDeserializer<Greeting> deserializer = AvroDeserializer.specific(Greeting.class, client)) {
            assertThatThrownBy(() -> client.schemaById(987_654))
                    .isInstanceOf(SchemaNotFoundException.class)
                    .hasMessageContaining("987654");
            assertThat(proxy.seen()).hasSize(1);

            assertThatThrownBy(() -> deserializer.deserialize("t", WireFormat.encode(987_654, new byte[] {2, 'a'})))
                    .isInstanceOf(AvroDeserializationException.class)
                    .satisfies(e -> assertThat(((AvroDeserializationException) e).reason())
                            .isEqualTo(DeserializationFailure.UNKNOWN_SCHEMA_ID));
        }
    }

    @Test
    void unregisteredSchemaLookupIsNotFound() {
        try (SchemaRegistryClient client = new SchemaRegistryClient(REGISTRY.settings())) {
            assertThatThrownBy(() -> client.idOf(uniqueTopic() + "-value", Greeting.getClassSchema()))
                    .isInstanceOf(SubjectNotFoundException.class);
        }
    }

    @Test
    void autoRegisterOffOnlyLooksUp() {
        String topic = uniqueTopic();
        try (SchemaRegistryClient client = new SchemaRegistryClient(REGISTRY.settings());
             AvroSerializer<Greeting> lookupOnly = new AvroSerializer<>(client,
                     new AvroSerdeSettings(false, new RecordNameStrategy(), false))) {
            assertThatThrownBy(() -> lookupOnly.serialize(topic, new Greeting("1", "x")))
                    .isInstanceOf(org.apache.kafka.common.errors.SerializationException.class)
                    .hasCauseInstanceOf(SubjectNotFoundException.class);

            int id = client.register(Greeting.getClassSchema().getFullName(), Greeting.getClassSchema());
            assertThat(WireFormat.decode(lookupOnly.serialize(topic, new Greeting("1", "x"))).schemaId()).isEqualTo(id);
        }
    }

    @Test
    void truncatedAndMalformedBodiesAreNamed() {
        String topic = uniqueTopic();
        try (AvroSerde<Greeting> serde = AvroSerde.specific(Greeting.class)) {
            serde.configure(REGISTRY.serdeConfig(), false);
            byte[] framed = serde.serializer().serialize(topic, new Greeting("id-1", "a longer text"));

            assertThatThrownBy(() -> serde.deserializer().deserialize(topic, Arrays.copyOf(framed, framed.length - 3)))
                    .isInstanceOf(TruncatedPayloadException.class);
            byte[] extra = Arrays.copyOf(framed, framed.length + 2);
            assertThatThrownBy(() -> serde.deserializer().deserialize(topic, extra))
                    .isInstanceOf(AvroDeserializationException.class)
                    .satisfies(e -> assertThat(((AvroDeserializationException) e).reason())
                            .isEqualTo(DeserializationFailure.MALFORMED_AVRO));
            assertThat(serde.deserializer().deserialize(topic, framed)).isEqualTo(new Greeting("id-1", "a longer text"));
            assertThat(serde.serializer().serialize(topic, null)).isNull();
            assertThat(serde.deserializer().deserialize(topic, null)).isNull();
        }
    }

    @Test
    void registryDownRetriesThenFailsClearlyWithinTheTimeouts() throws Exception {
        int deadPort = deadPort();
        SchemaRegistrySettings settings = SchemaRegistrySettings.of(URI.create("http://127.0.0.1:" + deadPort))
                .withTimeouts(Duration.ofMillis(500), Duration.ofSeconds(2))
                .withRetries(2, Duration.ofMillis(20), Duration.ofMillis(100));
        try (SchemaRegistryClient client = new SchemaRegistryClient(settings)) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> client.schemaById(1))
                    .isInstanceOf(RegistryUnavailableException.class)
                    .hasMessageContaining("3 attempts")
                    .hasMessageContaining("127.0.0.1:" + deadPort)
                    .hasMessageContaining("ConnectException");
            // The bound the settings promise: attempts * (connect + request) + backoffs.
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(3 * 2500 + 300));
        }
    }

    @Test
    void serverErrorsAreRetriedThenReportedWithTheLastStatus() throws Exception {
        try (RecordingProxy gateway = new RecordingProxy(URI.create("http://127.0.0.1:" + deadPort()), null);
             SchemaRegistryClient client = new SchemaRegistryClient(viaProxy(gateway)
                     .withRetries(3, Duration.ofMillis(10), Duration.ofMillis(50)))) {
            assertThatThrownBy(() -> client.register("s-value", Greeting.getClassSchema()))
                    .isInstanceOf(RegistryUnavailableException.class)
                    .hasMessageContaining("HTTP 503 upstream unreachable")
                    .satisfies(e -> assertThat(((SchemaRegistryException) e).status()).isEqualTo(503));
            assertThat(gateway.seen()).hasSize(4);
        }
    }

    private static int deadPort() throws java.io.IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void sendsBasicAuthAndNamesRefusalWithoutTheSecret() throws Exception {
        String expected = "Basic " + Base64.getEncoder().encodeToString("alice:s3cret".getBytes(StandardCharsets.UTF_8));
        String subject = uniqueTopic() + "-value";
        try (RecordingProxy proxy = new RecordingProxy(REGISTRY.running().baseUrl(), expected);
             SchemaRegistryClient withAuth = new SchemaRegistryClient(RegistryConfig.clientSettings(java.util.Map.of(
                     "schema.registry.url", proxy.url() + ApicurioLauncher.CONFLUENT_API_PATH,
                     "basic.auth.user.info", "alice:s3cret")));
             SchemaRegistryClient wrong = new SchemaRegistryClient(viaProxy(proxy)
                     .withBasicAuth(SchemaRegistrySettings.BasicAuth.parse("alice:wrong-pw")))) {
            assertThat(withAuth.register(subject, Greeting.getClassSchema())).isPositive();
            assertThat(proxy.seen()).extracting(RecordingProxy.Seen::authorization).containsExactly(expected);

            assertThatThrownBy(() -> wrong.schemaById(1))
                    .isInstanceOf(RegistryAccessDeniedException.class)
                    .hasMessageNotContaining("wrong-pw")
                    .hasMessageNotContaining(Base64.getEncoder().encodeToString("alice:wrong-pw".getBytes(StandardCharsets.UTF_8)));
            assertThat(withAuth.toString() + withAuth.settings()).doesNotContain("s3cret");
        }
    }

    private static SchemaRegistrySettings viaProxy(RecordingProxy proxy) {
        return SchemaRegistrySettings.of(URI.create(proxy.url() + ApicurioLauncher.CONFLUENT_API_PATH));
    }

    private static void setCompatibility(String subject, String level) {
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(
                            URI.create(REGISTRY.confluentApiUrl() + "/config/" + subject))
                    .header("Content-Type", "application/vnd.schemaregistry.v1+json")
                    .PUT(HttpRequest.BodyPublishers.ofString("{\"compatibility\":\"" + level + "\"}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        } catch (Exception e) {
            throw new AssertionError("cannot set compatibility of " + subject, e);
        }
    }
}
