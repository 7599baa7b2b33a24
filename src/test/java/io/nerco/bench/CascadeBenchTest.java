package io.nerco.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.nerco.eval.ConllCorpus;
import io.nerco.eval.ConllReader;
import io.nerco.eval.ConllToLabeled;
import io.nerco.model.FixtureBundle;
import io.nerco.model.OnnxTagger;
import io.nerco.model.Taggers;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two differently seeded fixture bundles in real sessions, on the bench fixture. */
class CascadeBenchTest {

    @Test
    void aCascadeDeferringNothingScoresAsTheFastModelAndOneDeferringEverythingAsTheAccurateOne(@TempDir Path dir)
            throws Exception {
        ConllCorpus corpus = ConllReader.detecting().read(Files.writeString(dir.resolve("tiny.conll"), BenchFixtures.CONLL));
        var docs = new ConllToLabeled(1).convert(corpus);
        CascadeReport report;
        try (OnnxTagger fast = Taggers.open(FixtureBundle.write(dir.resolve("fast"), 7));
                OnnxTagger accurate = Taggers.open(FixtureBundle.write(dir.resolve("accurate"), 8))) {
            report = new CascadeBench(List.of(0.0, 1.0), 1, 0, 1).run(fast, accurate, docs, corpus.tokenCount(),
                    new PrintStream(new ByteArrayOutputStream()));
        }

        assertThat(report.documents()).isEqualTo(2);
        assertThat(report.words()).isEqualTo(9);
        var rows = report.rows();
        assertThat(rows).hasSize(4);
        assertThat(rows.get(2).deferredShare()).isZero();
        assertThat(rows.get(2).f1()).isEqualTo(rows.get(0).f1());
        assertThat(rows.get(3).deferredShare()).isEqualTo(1.0);
        assertThat(rows.get(3).f1()).isEqualTo(rows.get(1).f1());
        assertThat(rows).allSatisfy(r -> assertThat(r.wordsPerSecond()).isPositive());

        String table = report.render(List.of(new PeerResult("CoreNLP CRF", 2, 3, 9, 80.0, 1000.0, 10.0)));
        assertThat(table).contains("2 documents, 9 words, 1 documents per call", "sentences deferred", "of CoreNLP",
                "cascade below 1.0", "100.0%", "CoreNLP CRF: F1 80.00, 1,000 words/s at 2 threads");
    }
}
