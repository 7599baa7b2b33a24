package io.nerco.registry;

/** The schema breaks the subject's compatibility rule (HTTP 409), so it was not registered. */
public final class IncompatibleSchemaException extends SchemaRegistryException {
    public IncompatibleSchemaException(String message, int status, int errorCode) {
        super(message, status, errorCode, null);
    }
}
