package io.nerco.model;

import java.nio.file.Path;

/** A model bundle that cannot be served: a missing, unreadable or inconsistent file. */
public final class InvalidBundleException extends RuntimeException {

    private final Path file;

    public InvalidBundleException(Path file, String problem) {
        this(file, problem, null);
    }

    public InvalidBundleException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
        this.file = file;
    }

    /** The file at fault (or the bundle folder when a whole file is missing). */
    public Path file() {
        return file;
    }
}
