package io.nerco.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.nerco.model.Entity;
import io.nerco.model.InferenceException;
import io.nerco.model.InvalidBundleException;
import io.nerco.model.Tagger;
import io.nerco.model.TaggerOptions;
import io.nerco.model.TextTooLongException;
import io.nerco.model.Taggers;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code nerco tag}: documents from arguments, a file or stdin to JSON lines of entities,
 * one line per entity ({@code text}, {@code type}, {@code start}, {@code end}, {@code score},
 * and {@code id} when the input gave one). Documents are tagged in batches.
 */
@Command(name = "tag", mixinStandardHelpOptions = true,
        description = "Tags text (arguments, --input FILE, or stdin; one document per line, or JSON lines with id and text) and prints entities as JSON lines.")
public final class TagCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    private CommandSpec spec;

    @Parameters(arity = "0..*", paramLabel = "TEXT", description = "Documents to tag; when absent, read --input or stdin.")
    List<String> texts = new ArrayList<>();

    @Option(names = "--input", paramLabel = "FILE", description = "Read documents from this file instead of stdin.")
    Path input;

    @Option(names = "--format", defaultValue = "text", description = "Input format: text (one document per line) or jsonl ({\"id\":..., \"text\":...}); default ${DEFAULT-VALUE}.")
    String format;

    @Option(names = "--model", paramLabel = "DIR", split = ",", defaultValue = "${env:NERCO_MODEL:-models/default,models/zh}",
            description = "Model bundle folders, comma-separated, one per language; the first tags languages without a bundle "
                    + "(default: $NERCO_MODEL or models/default,models/zh).")
    List<Path> model;

    @Option(names = "--threads", defaultValue = "2", description = "ONNX Runtime intra-op threads (default ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--batch-size", defaultValue = "64", description = "Documents per tagging call (default ${DEFAULT-VALUE}).")
    int batchSize;

    private int failed;

    private record Document(String id, String text) {}

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!format.equals("text") && !format.equals("jsonl")) {
            err.println("unknown --format " + format + "; use text or jsonl");
            return 2;
        }
        List<Document> batch = new ArrayList<>();
        try (Tagger tagger = Taggers.open(model, TaggerOptions.defaults().withIntraOpThreads(threads));
                BufferedReader reader = texts.isEmpty() ? reader() : null) {
            int lineNumber = 0;
            if (reader == null) {
                for (String text : texts) {
                    batch.add(new Document(null, text));
                }
            } else {
                for (String line; (line = reader.readLine()) != null; ) {
                    lineNumber++;
                    Document doc = parse(line, lineNumber, err);
                    if (doc != null) {
                        batch.add(doc);
                    }
                    if (batch.size() >= batchSize) {
                        flush(tagger, batch, out, err);
                    }
                }
            }
            flush(tagger, batch, out, err);
        } catch (InvalidBundleException e) {
            err.println("cannot open model: " + e.getMessage());
            return 1;
        }
        return failed == 0 ? 0 : 1;
    }

    private BufferedReader reader() throws IOException {
        return input == null
                ? new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))
                : Files.newBufferedReader(input, StandardCharsets.UTF_8);
    }

    /** A bad JSON line is reported on stderr with its line number and skipped; the rest is tagged. */
    private Document parse(String line, int lineNumber, PrintWriter err) {
        if (format.equals("text")) {
            return new Document(null, line);
        }
        if (line.isBlank()) {
            return null;
        }
        try {
            JsonNode node = JSON.readTree(line);
            JsonNode text = node.get("text");
            if (text == null || !text.isTextual()) {
                err.println("line " + lineNumber + ": no \"text\" string; skipped");
                return null;
            }
            JsonNode id = node.get("id");
            return new Document(id == null || id.isNull() ? null : id.asText(), text.asText());
        } catch (IOException e) {
            err.println("line " + lineNumber + ": not JSON (" + e.getMessage().lines().findFirst().orElse("") + "); skipped");
            return null;
        }
    }

    /**
     * Tags a batch. When the batch fails (a document over the length limit, an inference
     * error), each document is tagged alone, and the ones that fail alone are reported on
     * stderr and counted; the others are printed as usual.
     */
    private void flush(Tagger tagger, List<Document> batch, PrintWriter out, PrintWriter err) throws IOException {
        if (batch.isEmpty()) {
            return;
        }
        List<List<Entity>> entities;
        try {
            entities = tagger.tagAll(batch.stream().map(Document::text).toList());
        } catch (TextTooLongException | InferenceException e) {
            entities = new ArrayList<>();
            for (Document doc : batch) {
                try {
                    entities.add(tagger.tag(doc.text()));
                } catch (TextTooLongException | InferenceException alone) {
                    failed++;
                    err.println("document " + (doc.id() == null ? "" : doc.id() + " ") + "not tagged: " + alone.getMessage());
                    entities.add(List.of());
                }
            }
        }
        for (int i = 0; i < batch.size(); i++) {
            for (Entity e : entities.get(i)) {
                ObjectNode line = JSON.createObjectNode();
                if (batch.get(i).id() != null) {
                    line.put("id", batch.get(i).id());
                }
                line.put("text", e.text()).put("type", e.type()).put("start", e.start()).put("end", e.end())
                        .put("score", Math.round(e.score() * 10000) / 10000.0);
                out.println(JSON.writeValueAsString(line));
            }
        }
        out.flush();
        batch.clear();
    }
}
