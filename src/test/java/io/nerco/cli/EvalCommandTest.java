package io.nerco.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nerco.model.Entity;
import io.nerco.model.FixtureBundle;
import io.nerco.model.ModelId;
import io.nerco.model.Tagger;
import io.nerco.text.SegmentedText;
import io.nerco.text.Sentence;
import io.nerco.text.Token;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * End to end through picocli with a small rule tagger, because the bundle runtime has not
 * landed yet: the command's reading, tagging on gold tokens, scoring and printing are real.
 */
class EvalCommandTest {

    private static final String FIXTURE = """
            -DOCSTART- -X- -X- O

            Peter NNP B-NP B-PER
            Blackburn NNP I-NP I-PER
            visited VBD B-VP O
            Paris NNP B-NP B-LOC
            . . O O

            He PRP B-NP O
            left VBD B-VP O
            """;

    @TempDir
    Path dir;

    /** Tags every run of capitalised words of a sentence as PER. */
    static final class CapitalisedRunTagger implements Tagger {
        final List<Path> opened = new ArrayList<>();
        boolean closed;

        @Override
        public List<List<Entity>> tagSegmented(List<SegmentedText> documents) {
            List<List<Entity>> out = new ArrayList<>();
            for (SegmentedText doc : documents) {
                List<Entity> entities = new ArrayList<>();
                for (Sentence s : doc.sentences()) {
                    Token first = null;
                    Token last = null;
                    for (Token t : s.tokens()) {
                        if (Character.isUpperCase(t.text().charAt(0))) {
                            first = first == null ? t : first;
                            last = t;
                        } else if (first != null) {
                            entities.add(entity(doc.text(), first, last));
                            first = null;
                        }
                    }
                    if (first != null) {
                        entities.add(entity(doc.text(), first, last));
                    }
                }
                out.add(entities);
            }
            return out;
        }

        private static Entity entity(String text, Token first, Token last) {
            return new Entity(text.substring(first.start(), last.end()), "PER", first.start(), last.end(), 1.0);
        }

        @Override
        public List<List<Entity>> tagAll(List<String> texts) {
            throw new UnsupportedOperationException("eval tags on gold tokens only");
        }

        @Override
        public ModelId modelId() {
            return new ModelId("capitalised-runs", "1");
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private record Run(int code, String out, String err) {
    }

    private Run run(CapitalisedRunTagger tagger, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = new CommandLine(new EvalCommand(d -> {
            tagger.opened.add(d);
            return tagger;
        })).setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void printsAConllevalTable() throws IOException {
        Path data = Files.writeString(dir.resolve("mini.txt"), FIXTURE);
        CapitalisedRunTagger tagger = new CapitalisedRunTagger();
        Run r = run(tagger, "--data", data.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(tagger.opened).containsExactly(Path.of("models/default"));
        assertThat(tagger.closed).isTrue();
        // predicted PER "Peter Blackburn" (right), PER "Paris" (gold LOC), PER "He"
        assertThat(r.out()).contains("processed 7 tokens with 2 phrases; found: 3 phrases; correct: 1.")
                .contains("          overall: precision:  33.33%; recall:  50.00%; FB1:  40.00  3")
                .contains("              LOC: precision:   0.00%; recall:   0.00%; FB1:   0.00  0")
                .contains("              PER: precision:  33.33%; recall: 100.00%; FB1:  50.00  3");
    }

    @Test
    void printsJson() throws IOException {
        Path data = Files.writeString(dir.resolve("mini.txt"), FIXTURE);
        Run r = run(new CapitalisedRunTagger(), "--data", data.toString(), "--model", "m", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode json = new ObjectMapper().readTree(r.out());
        assertThat(json.at("/model/name").asText()).isEqualTo("capitalised-runs");
        assertThat(json.at("/tokens").asInt()).isEqualTo(7);
        assertThat(json.at("/overall/f1").asDouble()).isEqualTo(0.4, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(json.at("/byType/LOC/falseNegatives").asInt()).isEqualTo(1);
        assertThat(json.at("/byType/LOC/typeConfusions").asInt()).isEqualTo(1);
        assertThat(json.at("/byType/PER/falsePositives").asInt()).isEqualTo(2);
    }

    @Test
    void badDataIsAClearErrorAndOpensNoModel() throws IOException {
        Path data = Files.writeString(dir.resolve("bad.txt"), "Peter NNP B-NP B-PER\nBlackburn NNP I-PER\n");
        CapitalisedRunTagger tagger = new CapitalisedRunTagger();
        Run r = run(tagger, "--data", data.toString());
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("bad.txt:2: expected 4 columns");
        assertThat(tagger.opened).isEmpty();
    }

    @Test
    void unknownSchemeIsAClearError() throws IOException {
        Path data = Files.writeString(dir.resolve("mini.txt"), FIXTURE);
        Run r = run(new CapitalisedRunTagger(), "--data", data.toString(), "--scheme", "bilou");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("unknown tag scheme 'bilou'");
    }

    @Test
    void missingBundleIsAClearError() throws IOException {
        Path data = Files.writeString(dir.resolve("mini.txt"), FIXTURE);
        StringWriter err = new StringWriter();
        int code = new CommandLine(new EvalCommand()).setErr(new PrintWriter(err))
                .execute("--data", data.toString(), "--model", dir.resolve("no-such-bundle").toString());
        assertThat(code).isEqualTo(1);
        assertThat(err.toString()).contains("nerco eval: cannot open model").contains("no-such-bundle");
    }

    /** The real runtime on a real bundle (MiniLM encoder, seeded random tagger): the wiring, not the F1. */
    @Test
    void scoresARealBundleOnGoldTokens() throws IOException {
        Path bundle = FixtureBundle.write(dir.resolve("bundle"), 7);
        Path data = Files.writeString(dir.resolve("mini.txt"), FIXTURE);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = new CommandLine(new EvalCommand()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute("--data", data.toString(), "--model", bundle.toString(), "--json", "--threads", "1");
        assertThat(code).as(err.toString()).isZero();
        JsonNode json = new ObjectMapper().readTree(out.toString());
        assertThat(json.at("/model/name").asText()).isEqualTo("fixture-minilm-random");
        assertThat(json.at("/overall/gold").asInt()).isEqualTo(2);
        assertThat(json.at("/documents").asInt()).isEqualTo(1);
    }
}
