package io.nerco.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class TagCommandTest {

    @Test
    void missingModelIsAClearErrorNamingTheFolder(@TempDir Path dir) throws Exception {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new TagCommand()).setErr(new PrintWriter(err));
        Path input = Files.writeString(dir.resolve("in.txt"), "EU rejects German call .\n");
        int code = cli.execute("--model", dir.resolve("none").toString(), "--input", input.toString());
        assertThat(code).isNotZero();
        assertThat(err.toString()).contains("none");
    }

    @Test
    void tagsWithTheDefaultBundleAndReportsADocumentOverTheLimitWithoutStopping(@TempDir Path dir) throws Exception {
        Path model = Path.of("models/default");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(model.resolve("model.json")), "no default bundle in models/");
        String tooLong = "x".repeat(1_000_001);
        Path input = Files.writeString(dir.resolve("in.jsonl"),
                "{\"id\":\"a\",\"text\":\"EU rejects German call to boycott British lamb .\"}\n"
                        + "not json\n"
                        + "{\"id\":\"big\",\"text\":\"" + tooLong + "\"}\n");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = new CommandLine(new TagCommand()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute("--model", model.toString(), "--format", "jsonl", "--input", input.toString());
        assertThat(out.toString()).contains("{\"id\":\"a\",\"text\":\"EU\",\"type\":\"ORG\",\"start\":0,\"end\":2,")
                .contains("\"text\":\"German\",\"type\":\"MISC\",\"start\":11,\"end\":17")
                .contains("\"text\":\"British\",\"type\":\"MISC\",\"start\":34,\"end\":41");
        assertThat(err.toString()).contains("line 2: not JSON").contains("document big not tagged").contains("limit of 1000000");
        assertThat(code).isEqualTo(1);
    }
}
