package io.nerco.registry;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nerco.registry.fixture.Greeting;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Framing failures surface before any registry call, so a client that reaches nothing suffices. */
class AvroDeserializerTest {
    private final SchemaRegistryClient unreachable = new SchemaRegistryClient(
            SchemaRegistrySettings.of(URI.create("http://127.0.0.1:9")).withRetries(0, Duration.ofMillis(1), Duration.ofMillis(1)));
    private final AvroDeserializer<Greeting> deserializer = AvroDeserializer.specific(Greeting.class, unreachable);

    @AfterEach
    void close() {
        deserializer.close();
        unreachable.close();
    }

    @Test
    void emptyPayloadIsTooShort() {
        assertThatThrownBy(() -> deserializer.deserialize("t", new byte[0])).isInstanceOf(PayloadTooShortException.class);
    }

    @Test
    void jsonPayloadHasUnknownMagicByte() {
        assertThatThrownBy(() -> deserializer.deserialize("t", "{\"id\":1}".getBytes()))
                .isInstanceOf(UnknownMagicByteException.class);
    }

    @Test
    void registryUnreachableIsNotBlamedOnTheRecord() {
        assertThatThrownBy(() -> deserializer.deserialize("t", WireFormat.encode(1, new byte[] {2, 'a', 2, 'b'})))
                .isInstanceOf(AvroDeserializationException.class)
                .matches(e -> ((AvroDeserializationException) e).reason() == DeserializationFailure.REGISTRY_UNAVAILABLE)
                .matches(e -> !((AvroDeserializationException) e).reason().recordAtFault());
    }

    @Test
    void unconfiguredSerdeSaysWhatIsMissing() {
        try (AvroSerde<Greeting> serde = AvroSerde.specific(Greeting.class)) {
            assertThatThrownBy(() -> serde.serializer().serialize("t", new Greeting("1", "x")))
                    .hasMessageContaining("schema.registry.url");
        }
    }
}
