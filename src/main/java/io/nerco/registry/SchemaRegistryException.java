package io.nerco.registry;

/**
 * The registry refused a request or could not be reached. Subclasses name the common cases;
 * this class itself stands for any other error answer. Messages name the method, path and
 * the registry's own message, never credentials.
 */
public class SchemaRegistryException extends RuntimeException {
    private final int status;
    private final int errorCode;

    /**
     * @param message   detail for people (not null)
     * @param status    HTTP status, or -1 when no answer came
     * @param errorCode the registry's {@code error_code}, or -1 when none
     * @param cause     the underlying failure, or null
     */
    public SchemaRegistryException(String message, int status, int errorCode, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.errorCode = errorCode;
    }

    /** The HTTP status of the answer, or -1 when none came. */
    public int status() {
        return status;
    }

    /** The registry's {@code error_code} (for example 40403), or -1 when it gave none. */
    public int errorCode() {
        return errorCode;
    }
}
