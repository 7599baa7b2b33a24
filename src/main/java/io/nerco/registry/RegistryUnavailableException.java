package io.nerco.registry;

/**
 * The registry could not be reached, timed out, or kept answering 5xx or 429 until the
 * retries ran out. {@link #status()} is the last status seen, or -1 when nothing answered.
 */
public final class RegistryUnavailableException extends SchemaRegistryException {
    public RegistryUnavailableException(String message, int status, Throwable cause) {
        super(message, status, -1, cause);
    }
}
