package io.nerco.stream;

import io.nerco.registry.RegistryUnavailableException;

/**
 * Tells a stream thread's death from an outage that retrying will get past (the schema
 * registry stayed unreachable or answered 5xx through all of the client's retries) from
 * one that needs a person (a bug, a refused credential, a missing topic). Stateless.
 */
final class TransientFailures {
    private TransientFailures() {
    }

    /** True when {@code error} or one of its causes is a {@link RegistryUnavailableException}. */
    static boolean isTransient(Throwable error) {
        return cause(error) != null;
    }

    /** The transient cause's message, or the error's own when there is none. */
    static String describe(Throwable error) {
        Throwable cause = cause(error);
        return String.valueOf((cause == null ? error : cause).getMessage());
    }

    private static Throwable cause(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof RegistryUnavailableException) {
                return t;
            }
        }
        return null;
    }
}
