package io.nerco.registry;

/** The registry has no such schema: an unknown id, or a schema not registered under a subject. */
public class SchemaNotFoundException extends SchemaRegistryException {
    public SchemaNotFoundException(String message, int status, int errorCode) {
        super(message, status, errorCode, null);
    }
}
