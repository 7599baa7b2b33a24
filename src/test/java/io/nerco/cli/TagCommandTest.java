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
}
