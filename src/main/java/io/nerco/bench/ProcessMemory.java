package io.nerco.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Resident memory of this process from {@code /proc/self/status}: {@code VmRSS} (now) and
 * {@code VmHWM} (the peak). Heap figures would miss ONNX Runtime's native arenas, the
 * tokenizer and RocksDB, which is where most of a tagging process's memory lives. Immutable.
 *
 * @param rssBytes  resident set size now
 * @param peakBytes the largest resident set size so far
 */
public record ProcessMemory(long rssBytes, long peakBytes) {

    /** Reads this process's figures. */
    public static ProcessMemory now() {
        Path status = Path.of("/proc/self/status");
        try {
            return parse(Files.readAllLines(status));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + status + " (Linux only): " + e.getMessage(), e);
        }
    }

    /**
     * Parses the lines of a {@code /proc/PID/status} file.
     *
     * @throws IllegalArgumentException when VmRSS or VmHWM is missing or not in kB
     */
    public static ProcessMemory parse(List<String> lines) {
        return new ProcessMemory(field(lines, "VmRSS"), field(lines, "VmHWM"));
    }

    private static long field(List<String> lines, String name) {
        for (String line : lines) {
            if (line.startsWith(name + ":")) {
                String[] parts = line.substring(name.length() + 1).trim().split("\\s+");
                if (parts.length != 2 || !parts[1].equals("kB")) {
                    throw new IllegalArgumentException("unexpected " + name + " line: '" + line + "'");
                }
                try {
                    return Long.parseLong(parts[0]) * 1024;
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("unexpected " + name + " line: '" + line + "'", e);
                }
            }
        }
        throw new IllegalArgumentException("no " + name + " line in the process status");
    }

    public double rssMiB() {
        return rssBytes / (1024.0 * 1024.0);
    }

    public double peakMiB() {
        return peakBytes / (1024.0 * 1024.0);
    }
}
