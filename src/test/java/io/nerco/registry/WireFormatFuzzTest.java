package io.nerco.registry;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.nerco.avro.TextEvent;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.apache.avro.Schema;

/**
 * Fuzzes the wire-format decoder and the Avro deserializer with arbitrary bytes: they may
 * only fail with their documented exceptions ({@link WireFormatException}s from the frame,
 * {@link AvroDeserializationException} from the deserializer, whose reason says whether the
 * record is at fault), never with anything else. The registry is a tiny in-process stub that
 * knows schema ids 1 (TextEvent) and 2 (a plain long, incompatible) and answers 404 for all
 * others. Without {@code JAZZER_FUZZ} it replays the committed seeds in
 * {@code src/test/resources/io/nerco/registry/WireFormatFuzzTestInputs/}.
 */
class WireFormatFuzzTest {
    private static final Map<Integer, Schema> SCHEMAS = Map.of(1, TextEvent.getClassSchema(), 2, Schema.create(Schema.Type.LONG));
    private static AvroDeserializer<TextEvent> deserializer;

    @FuzzTest(maxDuration = "10s")
    void theFrameDecoderThrowsOnlyWireFormatExceptions(FuzzedDataProvider data) {
        byte[] payload = data.consumeRemainingAsBytes();
        try {
            WireFormat.Frame frame = WireFormat.decode(payload);
            assertThat(frame.body().remaining()).isEqualTo(payload.length - WireFormat.HEADER_SIZE);
        } catch (WireFormatException expected) {
            assertThat(expected).isInstanceOfAny(PayloadTooShortException.class, UnknownMagicByteException.class);
        }
    }

    @FuzzTest(maxDuration = "10s")
    void theDeserializerThrowsOnlyAvroDeserializationExceptionsThatBlameTheRecord(FuzzedDataProvider data) {
        byte[] payload = data.consumeRemainingAsBytes();
        try {
            TextEvent event = deserializer().deserialize("fuzz", payload);
            assertThat(event).isNotNull();
        } catch (AvroDeserializationException expected) {
            assertThat(expected.reason().recordAtFault()).as(expected.getMessage()).isTrue();
        }
    }

    private static synchronized AvroDeserializer<TextEvent> deserializer() {
        if (deserializer == null) {
            deserializer = AvroDeserializer.specific(TextEvent.class, new SchemaRegistryClient(
                    SchemaRegistrySettings.of(URI.create("http://127.0.0.1:" + stubRegistry().getAddress().getPort()))
                            .withTimeouts(Duration.ofSeconds(5), Duration.ofSeconds(5))));
        }
        return deserializer;
    }

    /** Answers {@code GET /schemas/ids/N} from {@link #SCHEMAS}, 404 with the Confluent error code otherwise. */
    private static HttpServer stubRegistry() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            ObjectMapper json = new ObjectMapper();
            server.createContext("/schemas/ids/", exchange -> {
                String id = exchange.getRequestURI().getPath().substring("/schemas/ids/".length());
                Schema schema = id.matches("\\d{1,9}") ? SCHEMAS.get(Integer.parseInt(id)) : null;
                byte[] body = (schema == null
                        ? "{\"error_code\":40403,\"message\":\"Schema not found\"}"
                        : json.writeValueAsString(Map.of("schema", schema.toString()))).getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(schema == null ? 404 : 200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
