package io.nerco.registry;

import java.util.OptionalInt;

/** The payload is empty or shorter than the 5-byte header (magic byte and schema id). */
public final class PayloadTooShortException extends WireFormatException {
    public PayloadTooShortException(int length) {
        super(DeserializationFailure.PAYLOAD_TOO_SHORT, OptionalInt.empty(),
                length == 0 ? "empty payload" : "payload of " + length + " bytes is shorter than the "
                        + WireFormat.HEADER_SIZE + "-byte header", null);
    }
}
