package io.nerco.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.nerco.distil.TeacherLabels;
import io.nerco.model.FixtureBundle;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DistilLabelsCommandTest {

    @TempDir
    Path dir;

    private int run(StringWriter out, StringWriter err, String... args) {
        return new CommandLine(new DistilLabelsCommand()).setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true))
                .execute(args);
    }

    @Test
    void writesAFileTheTrainerReadsAndSaysWhatItWrote() throws Exception {
        Path teacher = FixtureBundle.write(dir.resolve("teacher"), 3);
        Path conll = Files.writeString(dir.resolve("gold.conll"), "Anna NNP B-NP B-PER\nsang VBD B-VP O\n");
        Path text = Files.writeString(dir.resolve("text.txt"), "Peter met Mary in Rome. They left.\n");
        Path out = dir.resolve("taught.txt");
        StringWriter stdout = new StringWriter();
        int code = run(stdout, new StringWriter(), "--teacher", teacher.toString(), "--conll", conll.toString(),
                "--text", text.toString(), "--out", out.toString(), "--threads", "1");
        assertThat(code).isZero();
        assertThat(stdout.toString()).contains("1 sentences with gold tags, 2 tagged by fixture-minilm-random")
                .contains("11 words");
        assertThat(TeacherLabels.read(out).sentences()).hasSize(3);
    }

    @Test
    void noInputIsAUsageErrorAndAMissingTeacherAClearOne() throws Exception {
        StringWriter err = new StringWriter();
        assertThat(run(new StringWriter(), err, "--teacher", dir.toString(), "--out", dir.resolve("o").toString())).isEqualTo(2);
        assertThat(err.toString()).contains("give at least one --conll or --text file");

        Path conll = Files.writeString(dir.resolve("gold.conll"), "Anna NNP B-NP B-PER\n");
        StringWriter err2 = new StringWriter();
        assertThat(run(new StringWriter(), err2, "--teacher", dir.resolve("none").toString(), "--conll", conll.toString(),
                "--out", dir.resolve("o").toString())).isEqualTo(1);
        assertThat(err2.toString()).startsWith("distil-labels: ");
    }
}
