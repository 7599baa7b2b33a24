package io.nerco.registry;

/** The registry has no such subject (error code 40401); a kind of {@link SchemaNotFoundException}. */
public final class SubjectNotFoundException extends SchemaNotFoundException {
    public SubjectNotFoundException(String message, int status, int errorCode) {
        super(message, status, errorCode);
    }
}
