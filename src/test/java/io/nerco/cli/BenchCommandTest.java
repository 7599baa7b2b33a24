package io.nerco.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class BenchCommandTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int execute(String... args) {
        return new picocli.CommandLine(new BenchCommand())
                .setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
    }

    @Test
    void modelHelpNamesItsOptions() {
        assertThat(execute("model", "--help")).isZero();
        assertThat(out.toString()).contains("--bundle", "--batch-sizes", "--threads", "--json", "--plot-dir", "--peer");
    }

    @Test
    void aBundleIsRequired() {
        assertThat(execute("model")).isEqualTo(2);
        assertThat(err.toString()).contains("--bundle");
    }

    @Test
    void aMissingDataFileIsAnErrorThatNamesIt() {
        assertThat(execute("model", "--bundle", "no-bundle", "--data", "no-such-file.txt")).isEqualTo(1);
        assertThat(err.toString()).contains("no-such-file.txt");
    }

    @Test
    void cascadeNeedsBothBundlesAndNamesAMissingDataFile() {
        assertThat(execute("cascade", "--help")).isZero();
        assertThat(out.toString()).contains("--fast", "--accurate", "--thresholds", "--peer", "--plot");
        assertThat(execute("cascade", "--fast", "a")).isEqualTo(2);
        assertThat(err.toString()).contains("--accurate");
        assertThat(execute("cascade", "--fast", "a", "--accurate", "b", "--data", "no-such-file.txt")).isEqualTo(1);
        assertThat(err.toString()).contains("no-such-file.txt");
    }
}
