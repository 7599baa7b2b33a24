package io.nerco.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.nerco.eval.ConllCorpus;
import io.nerco.eval.ConllFormat;
import io.nerco.eval.ConllFormatException;
import io.nerco.eval.ConllReader;
import io.nerco.eval.ConllToLabeled;
import io.nerco.eval.ConllevalTable;
import io.nerco.eval.EvalCounts;
import io.nerco.eval.LabeledDocument;
import io.nerco.eval.TagScheme;
import io.nerco.eval.TaggerEvaluation;
import io.nerco.eval.TypeCounts;
import io.nerco.model.InvalidBundleException;
import io.nerco.model.ModelId;
import io.nerco.model.Tagger;
import io.nerco.model.TaggerOptions;
import io.nerco.model.Taggers;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code nerco eval}: entity-level precision, recall and F1 of a model bundle on a CoNLL
 * file, with conlleval's semantics on the file's gold tokens. Exit code 0 on success, 1 when
 * the data cannot be read or the model cannot be opened.
 */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Scores a model bundle on a CoNLL file: entity-level P/R/F1 overall and per type (conlleval semantics, gold tokens).")
public final class EvalCommand implements Callable<Integer> {

    /** Opens the tagger of a bundle folder; the caller closes it. */
    @FunctionalInterface
    public interface TaggerOpener {
        Tagger open(Path modelDir) throws IOException;
    }

    @Spec
    private CommandSpec spec;

    @Option(names = "--model", paramLabel = "DIR", defaultValue = "models/default",
            description = "Model bundle folder (default: ${DEFAULT-VALUE}).")
    Path model;

    @Option(names = "--data", paramLabel = "FILE", required = true, description = "CoNLL file with gold tags.")
    Path data;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "auto",
            description = "Column layout: conll2003 (token POS chunk NER), chars (char tag), or auto (by column count). Default: ${DEFAULT-VALUE}.")
    String format;

    @Option(names = "--scheme", paramLabel = "SCHEME", defaultValue = "auto",
            description = "Tag scheme of the file: iob2/bio, iob1, bioes/bmes, or auto. Default: ${DEFAULT-VALUE}.")
    String scheme;

    @Option(names = "--sentences-per-document", paramLabel = "N", defaultValue = "1",
            description = "For files without -DOCSTART- lines: sentences per document (default: ${DEFAULT-VALUE}).")
    int sentencesPerDocument;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "32",
            description = "Documents per tagging call (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "2",
            description = "ONNX Runtime intra-op threads (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--json", description = "Print one JSON object (scores as fractions in [0, 1]) instead of the table.")
    boolean json;

    private final TaggerOpener opener;

    /** The command as {@code nerco} runs it, opening bundles with {@link Taggers}. */
    public EvalCommand() {
        this.opener = dir -> Taggers.open(dir, TaggerOptions.defaults().withIntraOpThreads(threads));
    }

    /** The command with another way to open the model, for tests and other runtimes. */
    public EvalCommand(TaggerOpener opener) {
        this.opener = opener;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (batchSize < 1 || sentencesPerDocument < 1 || threads < 1) {
            err.println("nerco eval: --batch-size, --sentences-per-document and --threads must be at least 1");
            return 2;
        }
        ConllCorpus corpus;
        try {
            corpus = new ConllReader(parseFormat(format), parseScheme(scheme)).read(data);
        } catch (ConllFormatException | IllegalArgumentException e) {
            err.println("nerco eval: " + e.getMessage());
            return 1;
        } catch (IOException e) {
            err.println("nerco eval: cannot read " + data + ": " + e.getMessage());
            return 1;
        }
        List<LabeledDocument> docs = new ConllToLabeled(sentencesPerDocument).convert(corpus);
        EvalCounts counts;
        ModelId modelId;
        try (Tagger tagger = opener.open(model)) {
            modelId = tagger.modelId();
            counts = new TaggerEvaluation(tagger, batchSize).evaluate(docs);
        } catch (IOException | InvalidBundleException e) {
            err.println("nerco eval: cannot open model " + model + ": " + e.getMessage());
            return 1;
        }
        if (json) {
            out.println(toJson(corpus, modelId, counts));
        } else {
            out.printf(Locale.ROOT, "model %s %s on %s (%s, %s, %d repaired chunk starts)%n", modelId.name(), modelId.version(),
                    data, corpus.format(), corpus.scheme(), corpus.repairs());
            out.print(ConllevalTable.format(counts, corpus.tokenCount()));
        }
        out.flush();
        return 0;
    }

    private String toJson(ConllCorpus corpus, ModelId modelId, EvalCounts counts) {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("model", Map.of("name", modelId.name(), "version", modelId.version()));
        root.put("data", data.toString());
        root.put("format", corpus.format().name());
        root.put("scheme", corpus.scheme().name());
        root.put("repairs", corpus.repairs());
        root.put("documents", counts.documents());
        root.put("sentences", corpus.sentenceCount());
        root.put("tokens", corpus.tokenCount());
        root.put("overall", scores(counts.overall()));
        Map<String, Object> byType = new LinkedHashMap<>();
        counts.byType().forEach((type, c) -> byType.put(type, scores(c)));
        root.put("byType", byType);
        try {
            return new ObjectMapper().disable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(root);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot write plain maps as JSON", e);
        }
    }

    private static Map<String, Object> scores(TypeCounts c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("precision", c.precision());
        m.put("recall", c.recall());
        m.put("f1", c.f1());
        m.put("gold", c.gold());
        m.put("predicted", c.predicted());
        m.put("truePositives", c.truePositives());
        m.put("falsePositives", c.falsePositives());
        m.put("falseNegatives", c.falseNegatives());
        m.put("partialMatches", c.partialMatches());
        m.put("typeConfusions", c.typeConfusions());
        return m;
    }

    private static ConllFormat parseFormat(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "auto" -> null;
            case "conll2003", "conll" -> ConllFormat.CONLL2003;
            case "chars", "char" -> ConllFormat.CHARS;
            default -> throw new IllegalArgumentException("unknown --format '" + name + "' (conll2003, chars, auto)");
        };
    }

    private static TagScheme parseScheme(String name) {
        return name.equalsIgnoreCase("auto") ? null : TagScheme.parse(name);
    }
}
