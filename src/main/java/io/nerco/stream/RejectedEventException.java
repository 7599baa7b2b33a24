package io.nerco.stream;

import java.util.Objects;

/**
 * An input event that can never be tagged, thrown by the tagging processor and turned into a
 * dead letter by {@link DeadLetterProcessingHandler}. The message never contains the text.
 */
public final class RejectedEventException extends RuntimeException {
    private final DeadLetterReason reason;

    /**
     * @param reason  why (not null)
     * @param message detail for people (not null)
     */
    public RejectedEventException(DeadLetterReason reason, String message) {
        super(reason + ": " + message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** Why the event was rejected; never null. */
    public DeadLetterReason reason() {
        return reason;
    }
}
