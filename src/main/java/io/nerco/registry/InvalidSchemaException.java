package io.nerco.registry;

/** The registry found the schema text invalid (HTTP 422). */
public final class InvalidSchemaException extends SchemaRegistryException {
    public InvalidSchemaException(String message, int status, int errorCode) {
        super(message, status, errorCode, null);
    }
}
