package io.nerco.train;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Checkpoint folders: {@code params.ndlist} (named parameters), {@code optimizer.ndlist}
 * (AdamW moments), {@code state.json}. {@code latest/} is replaced atomically (written beside,
 * then renamed); {@code best/} holds the parameters with the best dev F1 (without a dev set, those
 * of the latest tagging epoch). Stateless.
 */
public final class Checkpoints {

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private Checkpoints() {}

    public static void save(Path folder, ModelParameters params, AdamW optimizer, TrainingState state)
            throws IOException {
        Path parent = folder.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path tmp = Files.createTempDirectory(parent, folder.getFileName() + ".tmp");
        write(tmp.resolve("params.ndlist"), params.toNdList());
        if (optimizer != null) {
            write(tmp.resolve("optimizer.ndlist"), optimizer.state());
        }
        JSON.writeValue(tmp.resolve("state.json").toFile(), state);
        Path old = parent.resolve(folder.getFileName() + ".old");
        deleteTree(old);
        if (Files.exists(folder)) {
            Files.move(folder, old, StandardCopyOption.ATOMIC_MOVE);
        }
        Files.move(tmp, folder, StandardCopyOption.ATOMIC_MOVE);
        deleteTree(old);
    }

    private static void write(Path file, NDList list) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 20)) {
            list.encode(out);
        }
    }

    /** Arrays of a saved list, in {@code manager} (the caller closes it). */
    public static NDList read(Path file, NDManager manager) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 20)) {
            return NDList.decode(manager, in);
        }
    }

    public static TrainingState state(Path folder) throws IOException {
        return JSON.readValue(folder.resolve("state.json").toFile(), TrainingState.class);
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(p)) {
            for (Path q : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(q);
            }
        }
    }
}
