package io.nerco.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.nerco.bench.BenchFixtures;
import io.nerco.model.FixtureBundle;
import io.nerco.registry.ApicurioLauncher;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code nerco bench stream} end to end on a tiny load: embedded broker, real registry, the
 * tagging topology with a real ONNX tagger (fixture bundle), a self-written CoNLL file.
 * Checks that every event comes back and the figures are consistent, never how fast they are.
 */
@Tag("integration")
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class BenchStreamIntegrationTest {


    @Test
    void findsTheMaximumThenMeasuresLatencyAtHalfOfIt(@TempDir Path dir) throws Exception {
        assumeTrue(ApicurioLauncher.fromEnvironment().isAvailable(), "no Apicurio registry unpacked (run through Maven)");
        Path bundle = FixtureBundle.write(dir.resolve("bundle"), 7);
        Path data = Files.writeString(dir.resolve("test.txt"), BenchFixtures.CONLL);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine command = new CommandLine(new BenchCommand()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err));

        int exit = command.execute("stream", "--bundle", bundle.toString(), "--data", data.toString(),
                "--warmup-events", "4", "--saturation-events", "20", "--duration", "2", "--bare-passes", "1",
                "--json", dir.resolve("stream.json").toString(), "--plot-dir", dir.resolve("plots").toString());

        assertThat(exit).as(err.toString()).isZero();
        assertThat(out.toString()).contains("== Bare model", "== Streaming", "saturation", "load", "== Targets", "RSS peak");
        JsonNode report = new ObjectMapper().readTree(dir.resolve("stream.json").toFile());
        assertThat(report.get("documents").asInt()).isEqualTo(2);
        assertThat(report.get("words").asLong()).isEqualTo(9);
        assertThat(report.at("/bare/wordsPerSecond").asDouble()).isPositive();
        assertThat(report.get("throughputFraction").asDouble()).isPositive();
        JsonNode saturation = report.at("/phases/0");
        JsonNode load = report.at("/phases/1");
        assertThat(saturation.get("name").asText()).isEqualTo("saturation");
        assertThat(saturation.get("tagged").asInt()).isEqualTo(20);
        assertThat(load.get("name").asText()).isEqualTo("load");
        // half the maximum for 2 seconds, at least one event
        double offered = load.get("offeredPerSecond").asDouble();
        assertThat(offered).isCloseTo(saturation.get("eventsPerSecond").asDouble() / 2, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(load.get("events").asInt()).isEqualTo((int) Math.max(1, Math.round(offered * 2)));
        for (JsonNode phase : report.get("phases")) {
            assertThat(phase.get("tagged").asInt()).isEqualTo(phase.get("events").asInt());
            assertThat(phase.get("missing").asInt()).isZero();
            assertThat(phase.get("deadLettered").asInt()).isZero();
            assertThat(phase.get("unexpected").asInt()).isZero();
            assertThat(phase.get("wordsPerSecond").asDouble()).isPositive();
            long[] latencies = new ObjectMapper().convertValue(phase.at("/latency/sortedMillis"), long[].class);
            assertThat(latencies).hasSize(phase.get("tagged").asInt()).isSorted();
            assertThat(latencies[0]).isNotNegative();
            assertThat(phase.at("/latency/percentiles/p99").asLong()).isBetween(phase.at("/latency/percentiles/p50").asLong(),
                    phase.at("/latency/percentiles/max").asLong());
        }
        assertThat(report.at("/memory/peakBytes").asLong()).isGreaterThanOrEqualTo(report.at("/memory/rssBytes").asLong())
                .isPositive();
        assertThat(dir.resolve("plots/latency.png")).isNotEmptyFile();
    }
}
