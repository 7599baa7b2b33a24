package io.nerco.train;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** Progress lines with a UTC timestamp, to stdout and appended to a file. Owns the file; close it. */
public final class TrainingLog implements AutoCloseable {

    private final PrintWriter file;

    public TrainingLog(Path path) {
        try {
            if (path == null) {
                file = null;
            } else {
                if (path.toAbsolutePath().getParent() != null) {
                    Files.createDirectories(path.toAbsolutePath().getParent());
                }
                file = new PrintWriter(Files.newBufferedWriter(path, StandardCharsets.UTF_8,
                        StandardOpenOption.CREATE, StandardOpenOption.APPEND), true);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open log " + path, e);
        }
    }

    public void line(String format, Object... args) {
        String line = Instant.now().truncatedTo(ChronoUnit.SECONDS) + " " + String.format(java.util.Locale.ROOT, format, args);
        System.out.println(line);
        if (file != null) {
            file.println(line);
        }
    }

    @Override
    public void close() {
        if (file != null) {
            file.close();
        }
    }
}
