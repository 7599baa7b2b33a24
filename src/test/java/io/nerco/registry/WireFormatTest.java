package io.nerco.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class WireFormatTest {

    @Test
    void encodesMagicByteThenBigEndianIdThenBody() {
        byte[] framed = WireFormat.encode(0x01020304, new byte[] {7, 8});

        assertThat(framed).containsExactly(0, 1, 2, 3, 4, 7, 8);
    }

    @Test
    void decodesIdAndBody() {
        WireFormat.Frame frame = WireFormat.decode(new byte[] {0, 0, 0, 1, 0, 42, 43});

        assertThat(frame.schemaId()).isEqualTo(256);
        assertThat(frame.bodyBytes()).containsExactly(42, 43);
    }

    @Test
    void headerOnlyDecodesToEmptyBody() {
        assertThat(WireFormat.decode(WireFormat.header(5)).body().remaining()).isZero();
    }

    @Test
    void emptyPayloadIsTooShort() {
        assertThatThrownBy(() -> WireFormat.decode(new byte[0]))
                .isInstanceOf(PayloadTooShortException.class)
                .hasMessageContaining("empty payload")
                .extracting(e -> ((AvroDeserializationException) e).reason())
                .isEqualTo(DeserializationFailure.PAYLOAD_TOO_SHORT);
    }

    @Test
    void payloadShorterThanHeaderIsTooShort() {
        assertThatThrownBy(() -> WireFormat.decode(new byte[] {0, 0, 1}))
                .isInstanceOf(PayloadTooShortException.class)
                .hasMessageContaining("3 bytes");
    }

    @Test
    void wrongMagicByteIsNamed() {
        assertThatThrownBy(() -> WireFormat.decode(new byte[] {'{', '"', 'a', '"', ':', '1', '}'}))
                .isInstanceOf(UnknownMagicByteException.class)
                .hasMessageContaining("0x7b")
                .satisfies(e -> assertThat(((UnknownMagicByteException) e).magicByte()).isEqualTo((byte) '{'));
    }

    @Test
    void shortPayloadWithWrongMagicByteReportsTheMagicByte() {
        assertThatThrownBy(() -> WireFormat.decode(new byte[] {1}))
                .isInstanceOf(UnknownMagicByteException.class);
    }

    @Test
    void decodedBodyIsReadOnly() {
        assertThat(WireFormat.decode(new byte[] {0, 0, 0, 0, 1, 9}).body().isReadOnly()).isTrue();
    }

    @Property
    void decodeInvertsEncode(@ForAll int schemaId, @ForAll byte[] body) {
        WireFormat.Frame frame = WireFormat.decode(WireFormat.encode(schemaId, body));

        assertThat(frame.schemaId()).isEqualTo(schemaId);
        assertThat(frame.bodyBytes()).isEqualTo(body);
    }
}
