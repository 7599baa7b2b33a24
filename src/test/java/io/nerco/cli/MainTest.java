package io.nerco.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class MainTest {

    @Test
    void listsEveryCommandInItsHelp() {
        StringWriter out = new StringWriter();
        int code = Main.commandLine().setOut(new PrintWriter(out)).execute("--help");
        assertThat(code).isZero();
        assertThat(out.toString()).contains("nerco");
    }

    @Test
    void unknownCommandIsAUsageError() {
        StringWriter err = new StringWriter();
        int code = Main.commandLine().setErr(new PrintWriter(err)).execute("no-such-command");
        assertThat(code).isEqualTo(2);
        assertThat(err.toString()).contains("no-such-command");
    }
}
