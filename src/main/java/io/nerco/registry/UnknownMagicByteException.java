package io.nerco.registry;

import java.util.OptionalInt;

/** The payload does not start with the Confluent magic byte 0, so it is not framed data. */
public final class UnknownMagicByteException extends WireFormatException {
    private final byte magicByte;

    public UnknownMagicByteException(byte magicByte) {
        super(DeserializationFailure.UNKNOWN_MAGIC_BYTE, OptionalInt.empty(),
                String.format("first byte is 0x%02x, expected the magic byte 0x00", magicByte & 0xff), null);
        this.magicByte = magicByte;
    }

    /** The byte found where the magic byte belongs. */
    public byte magicByte() {
        return magicByte;
    }
}
