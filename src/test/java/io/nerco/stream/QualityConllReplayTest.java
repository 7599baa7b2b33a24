package io.nerco.stream;

import static io.nerco.stream.QualityHarness.T0;
import static io.nerco.stream.QualityHarness.doc;
import static io.nerco.stream.QualityHarness.event;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.nerco.avro.QualityReport;
import io.nerco.eval.ConllReader;
import io.nerco.eval.ConllToLabeled;
import io.nerco.eval.EvalCounts;
import io.nerco.eval.LabeledDocument;
import io.nerco.eval.TaggerEvaluation;
import io.nerco.model.FixtureBundle;
import io.nerco.model.OnnxTagger;
import io.nerco.model.TaggerOptions;
import io.nerco.model.Taggers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replays CoNLL-2003 dev through the quality topology and checks that every type's TP, FP and
 * FN equal {@code nerco eval}'s ({@link TaggerEvaluation}) on the same file and model. The
 * model is {@code models/default}, or the bundle at {@code -Dnerco.quality.model=DIR}, or the
 * seeded fixture bundle with {@code -Dnerco.quality.model=fixture}; skipped when absent, as is
 * the data ({@code nerco.shared.data} or {@code NERCO_SHARED_DATA}).
 */
@Tag("slow")
class QualityConllReplayTest {
    private static final Logger LOG = LoggerFactory.getLogger(QualityConllReplayTest.class);
    private static final Duration LATENCY = Duration.ofMillis(100);

    @TempDir
    Path dir;

    @Test
    void conllDevCountsFromTheStreamEqualTaggerEvaluation() throws Exception {
        Path dev = Stream.of(System.getProperty("nerco.shared.data"), System.getenv("NERCO_SHARED_DATA"))
                .filter(Objects::nonNull)
                .map(root -> Path.of(root, "conll2003", "dev.txt"))
                .filter(Files::isRegularFile)
                .findFirst().orElse(null);
        assumeTrue(dev != null, "no conll2003/dev.txt under nerco.shared.data or NERCO_SHARED_DATA; skipping the replay");
        String model = System.getProperty("nerco.quality.model", "models/default");
        Path bundle = model.equals("fixture") ? FixtureBundle.write(dir.resolve("bundle"), 7) : Path.of(model);
        assumeTrue(Files.isRegularFile(bundle.resolve("model.json")), "no model bundle at " + bundle + "; skipping");
        List<LabeledDocument> docs = new ConllToLabeled(1).convert(ConllReader.detecting().read(dev));
        QualitySettings settings = QualitySettings.defaults()
                .withBatching(TaggingSettings.defaults().withBatching(32, LATENCY).withMaxTextChars(1_000_000))
                .withWindow(Duration.ofHours(1), Duration.ofMinutes(1));

        try (OnnxTagger tagger = Taggers.open(bundle, TaggerOptions.defaults())) {
            long t0 = System.nanoTime();
            QualityReport report;
            try (QualityHarness harness = new QualityHarness(settings, tagger)) {
                for (int i = 0; i < docs.size(); i++) {
                    harness.pipe(event(docs.get(i), T0.plusMillis(i), true));
                }
                harness.pipe(event(doc("tick", "tick"), T0.plusSeconds(7200), true));
                harness.settle(LATENCY);
                assertThat(harness.deadLetters.isEmpty()).isTrue();
                report = harness.reports().getFirst();
            }
            long streamMs = (System.nanoTime() - t0) / 1_000_000;
            t0 = System.nanoTime();
            EvalCounts offline = new TaggerEvaluation(tagger, 32).evaluate(docs);
            long offlineMs = (System.nanoTime() - t0) / 1_000_000;
            LOG.info("CoNLL-2003 dev, {} documents, model {}: stream {} ms, offline {} ms, overall {}", docs.size(),
                    tagger.modelId(), streamMs, offlineMs, offline.overall());

            assertThat(report.getDocuments()).isEqualTo(docs.size());
            assertThat(QualityHarness.counts(report)).isEqualTo(offline);
        }
    }
}
