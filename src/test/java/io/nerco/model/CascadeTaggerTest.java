package io.nerco.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two differently seeded fixture bundles in real ONNX Runtime sessions: which sentences each tags. */
class CascadeTaggerTest {

    private static final List<String> TEXTS = List.of(
            "EU rejects German call to boycott British lamb. Peter Blackburn met Angela Merkel in Berlin on Monday.",
            "Acme Corp hired Maria Lopez. She moved to Lisbon. The Bank of England held rates.",
            "",
            "Kofi Annan spoke in Geneva on Tuesday.");

    @TempDir
    static Path dir;

    static OnnxTagger fast;
    static OnnxTagger accurate;

    @BeforeAll
    static void open() throws Exception {
        fast = Taggers.open(FixtureBundle.write(dir.resolve("fast"), 7));
        accurate = Taggers.open(FixtureBundle.write(dir.resolve("accurate"), 8));
    }

    @AfterAll
    static void close() {
        fast.close();
        accurate.close();
    }

    /** Each sentence's entities from the fast model when it is at least this sure, else from the accurate one. */
    private static List<List<Tuple>> expected(double threshold) {
        var documents = TEXTS.stream().map(fast::segment).toList();
        List<List<Tuple>> expected = new ArrayList<>();
        for (var document : fast.tagSentences(documents)) {
            List<Tuple> entities = new ArrayList<>();
            for (ScoredSentence s : document) {
                var source = s.confidence() >= threshold ? fast : accurate;
                var alone = source.tagSentences(List.of(new io.nerco.text.SegmentedText(TEXTS.get(expected.size()),
                        List.of(s.sentence())))).getFirst().getFirst();
                alone.entities().forEach(e -> entities.add(Tuple.tuple(e.start(), e.end(), e.type())));
            }
            expected.add(entities);
        }
        return expected;
    }

    private static List<List<Tuple>> tuples(List<List<Entity>> result) {
        return result.stream().map(d -> d.stream().map(e -> Tuple.tuple(e.start(), e.end(), e.type())).toList()).toList();
    }

    @Test
    void sentencesBelowTheThresholdAreTaggedByTheAccurateModelAndTheRestByTheFastOne() {
        List<Double> confidences = fast.tagSentences(TEXTS.stream().map(fast::segment).toList()).stream()
                .flatMap(List::stream).map(ScoredSentence::confidence).sorted().toList();
        assertThat(confidences).hasSizeGreaterThan(4).allSatisfy(c -> assertThat(c).isBetween(0.0, 1.0));
        int half = confidences.size() / 2;
        double middle = (confidences.get(half - 1) + confidences.get(half)) / 2;
        assertThat(confidences.get(half - 1)).as("the fixture's sentences differ in confidence").isLessThan(confidences.get(half));

        for (double threshold : new double[] {0, middle, 1}) {
            CascadeTagger cascade = new CascadeTagger(fast, accurate, threshold);
            assertThat(tuples(cascade.tagAll(TEXTS))).as("threshold " + threshold).isEqualTo(expected(threshold));
            assertThat(cascade.sentences()).isEqualTo(confidences.size());
            assertThat(cascade.deferred()).isEqualTo(confidences.stream().filter(c -> c < threshold).count());
        }
        assertThat(tuples(new CascadeTagger(fast, accurate, 0).tagAll(TEXTS))).isEqualTo(tuples(fast.tagAll(TEXTS)));
        assertThat(tuples(new CascadeTagger(fast, accurate, 1).tagAll(TEXTS))).isEqualTo(tuples(accurate.tagAll(TEXTS)));
    }

    @Test
    void entitiesOfDeferredSentencesStillPointIntoTheirDocument() {
        List<List<Entity>> result = new CascadeTagger(fast, accurate, 1).tagAll(TEXTS);
        for (int d = 0; d < TEXTS.size(); d++) {
            for (Entity e : result.get(d)) {
                assertThat(TEXTS.get(d).substring(e.start(), e.end())).isEqualTo(e.text());
            }
        }
        assertThat(new CascadeTagger(fast, accurate, 0.5).modelId().name())
                .isEqualTo(fast.modelId().name() + "+" + accurate.modelId().name());
    }

    @Test
    void aThresholdOutsideZeroToOneIsRefused() {
        assertThatThrownBy(() -> new CascadeTagger(fast, accurate, 1.5)).hasMessageContaining("[0, 1]");
    }

    @Test
    void openingWithAccurateBundlesCascadesEachBehindTheBundleOfItsLanguage(@TempDir Path own) throws Exception {
        Path en = FixtureBundle.write(own.resolve("en"), 7, "en", "fast-en");
        Path zh = FixtureBundle.write(own.resolve("zh"), 9, "zh", "fast-zh");
        Path accurateEn = FixtureBundle.write(own.resolve("accurate-en"), 8, "en", "accurate-en");
        try (Tagger tagger = Taggers.open(List.of(en, zh), List.of(accurateEn), 0.5, TaggerOptions.defaults())) {
            assertThat(tagger.forDocument("Peter met Maria.", "en")).isInstanceOf(CascadeTagger.class);
            assertThat(tagger.forDocument("李明在东京。", "zh")).isInstanceOf(OnnxTagger.class);
            assertThat(Taggers.describe(tagger)).startsWith("en fast-en ").contains("(below 0.5: accurate-en ")
                    .contains("zh fast-zh ");
        }
        Path accurateDe = FixtureBundle.write(own.resolve("accurate-de"), 8, "de", "accurate-de");
        assertThatThrownBy(() -> Taggers.open(List.of(en), List.of(accurateDe), 0.5, TaggerOptions.defaults()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("accurate-de");
    }
}
