package io.nerco.registry;

/** The registry refused the credentials (HTTP 401) or the action (HTTP 403). */
public final class RegistryAccessDeniedException extends SchemaRegistryException {
    public RegistryAccessDeniedException(String message, int status, int errorCode) {
        super(message, status, errorCode, null);
    }
}
