package io.nerco.bench;

/** A benchmark input (data file, bundle, graph, peer result) is missing or malformed. */
public final class BenchInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BenchInputException(String message) {
        super(message);
    }

    public BenchInputException(String message, Throwable cause) {
        super(message, cause);
    }
}
