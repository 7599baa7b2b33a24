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

    @Test
    void theDefaultBundlesTagEnglishAndChineseInOneRunWithExactOffsets(@TempDir Path dir) throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(Path.of("models/default/model.json"))
                && Files.exists(Path.of("models/zh/model.json")), "no default bundles in models/");
        String chinese = "李明远，男，1968年出生，中国国籍，现任华信精密科技股份有限公司（Huaxin Precision）董事长。";
        Path input = Files.writeString(dir.resolve("in.jsonl"),
                "{\"id\":\"en\",\"text\":\"EU rejects German call to boycott British lamb .\"}\n"
                        + "{\"id\":\"zh\",\"text\":\"" + chinese + "\"}\n");
        StringWriter out = new StringWriter();
        int code = new CommandLine(new TagCommand()).setOut(new PrintWriter(out)).setErr(new PrintWriter(new StringWriter()))
                .execute("--format", "jsonl", "--input", input.toString());

        assertThat(code).isZero();
        assertThat(out.toString()).contains("{\"id\":\"en\",\"text\":\"EU\",\"type\":\"ORG\",\"start\":0,\"end\":2,")
                .contains("{\"id\":\"zh\",\"text\":\"李明远\",\"type\":\"NAME\",\"start\":0,\"end\":3,")
                .contains("\"text\":\"华信精密科技股份有限公司\",\"type\":\"ORG\",\"start\":21,\"end\":33,")
                .contains("\"text\":\"董事长\",\"type\":\"TITLE\",\"start\":51,\"end\":54,");
        assertThat(chinese.substring(21, 33)).isEqualTo("华信精密科技股份有限公司");
        assertThat(chinese.substring(51, 54)).isEqualTo("董事长");
    }
}
