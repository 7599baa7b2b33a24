package io.nerco.stream;

import static io.nerco.stream.QualityHarness.T0;
import static io.nerco.stream.QualityHarness.doc;
import static io.nerco.stream.QualityHarness.event;
import static org.assertj.core.api.Assertions.assertThat;

import io.nerco.avro.QualityReport;
import io.nerco.eval.EvalCounts;
import io.nerco.eval.LabeledDocument;
import io.nerco.eval.Span;
import io.nerco.eval.SpanScorer;
import io.nerco.eval.TaggerEvaluation;
import io.nerco.model.FixtureBundle;
import io.nerco.model.OnnxTagger;
import io.nerco.model.TaggerOptions;
import io.nerco.model.Taggers;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The quality topology on the real ONNX tagger (MiniLM encoder, seeded tagger head). */
class QualityTopologyOnnxTest {
    private static final Duration LATENCY = Duration.ofMillis(100);
    private static final QualitySettings SETTINGS = QualitySettings.defaults()
            .withBatching(TaggingSettings.defaults().withBatching(4, LATENCY))
            .withWindow(Duration.ofMinutes(1), Duration.ofSeconds(10));

    @TempDir
    static Path dir;
    private static OnnxTagger tagger;

    @BeforeAll
    static void open() throws IOException {
        tagger = Taggers.open(FixtureBundle.write(dir.resolve("bundle"), 7), TaggerOptions.defaults());
    }

    @AfterAll
    static void closeTagger() {
        if (tagger != null) {
            tagger.close();
        }
    }

    private static QualityReport replay(boolean withTokens) {
        try (QualityHarness harness = new QualityHarness(SETTINGS, tagger)) {
            List<LabeledDocument> docs = QualityTopologyTest.DOCS;
            for (int i = 0; i < docs.size(); i++) {
                harness.pipe(event(docs.get(i), T0.plusSeconds(i), withTokens));
            }
            harness.pipe(event(doc("tick", "tick"), T0.plusSeconds(300), withTokens));
            harness.settle(LATENCY);
            assertThat(harness.deadLetters.isEmpty()).isTrue();
            return harness.reports().getFirst();
        }
    }

    @Test
    void onGoldTokensTheStreamingCountsEqualTaggerEvaluation() {
        QualityReport report = replay(true);

        EvalCounts offline = new TaggerEvaluation(tagger, 3).evaluate(QualityTopologyTest.DOCS);
        assertThat(offline.overall().gold()).isPositive();
        assertThat(QualityHarness.counts(report)).isEqualTo(offline);
        assertThat(report.getModelName()).isEqualTo("fixture-minilm-random");
    }

    @Test
    void withoutTokensTheStreamingCountsEqualScoringTheTaggersOwnSegmentation() {
        QualityReport report = replay(false);

        List<LabeledDocument> docs = QualityTopologyTest.DOCS;
        EvalCounts offline = SpanScorer.scoreAll(docs.stream().map(LabeledDocument::gold).toList(),
                tagger.tagAll(docs.stream().map(LabeledDocument::text).toList()).stream()
                        .map(es -> es.stream().map(Span::of).toList()).toList());
        assertThat(QualityHarness.counts(report)).isEqualTo(offline);
    }
}
