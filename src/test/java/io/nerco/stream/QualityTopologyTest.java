package io.nerco.stream;

import static io.nerco.stream.QualityHarness.T0;
import static io.nerco.stream.QualityHarness.doc;
import static io.nerco.stream.QualityHarness.event;
import static org.assertj.core.api.Assertions.assertThat;

import io.nerco.avro.GoldSpan;
import io.nerco.avro.LabeledEvent;
import io.nerco.avro.QualityAlert;
import io.nerco.avro.QualityReport;
import io.nerco.eval.EvalCounts;
import io.nerco.eval.LabeledDocument;
import io.nerco.eval.Span;
import io.nerco.eval.SpanScorer;
import io.nerco.eval.TaggerEvaluation;
import io.nerco.eval.TypeCounts;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class QualityTopologyTest {
    private static final Duration LATENCY = Duration.ofMillis(100);
    private static final QualitySettings SETTINGS = QualitySettings.defaults()
            .withBatching(TaggingSettings.defaults().withBatching(4, LATENCY))
            .withWindow(Duration.ofMinutes(1), Duration.ofSeconds(10));

    /** Hand-labeled news lines; the test tagger gets some right, misses some, and adds false ones. */
    static final List<LabeledDocument> DOCS = List.of(
            doc("d0", "[Maria Lopez|PER] joined [Acme Corp.|ORG] in [Lisbon|LOC] ."),
            doc("d1", "[Kofi Annan|PER] spoke in [Geneva|LOC] on Monday ."),
            doc("d2", "Shares of [Globex Inc|ORG] rose ."),
            doc("d3", "[Reuters|ORG] reported it .\nThe [Bank of England|ORG] waited ."),
            doc("d4", "nothing to see here ."),
            doc("d5", "[Ada Lovelace|PER] met [Alan Turing|PER] in [London|LOC] ."));

    private final CapitalisedWordTagger tagger = new CapitalisedWordTagger();
    private QualityHarness harness;

    @AfterEach
    void close() {
        if (harness != null) {
            harness.close();
        }
    }

    /** An event far in the future that moves stream time past every earlier window. */
    private void tick(long secondsAfterT0) {
        tick(secondsAfterT0, true);
    }

    private void tick(long secondsAfterT0, boolean withTokens) {
        harness.pipe(event(doc("tick-" + secondsAfterT0, "tick"), T0.plusSeconds(secondsAfterT0), withTokens));
        harness.settle(LATENCY);
    }

    @ParameterizedTest(name = "gold tokens: {0}")
    @ValueSource(booleans = {true, false})
    void streamingCountsEqualOfflineCountsOnTheSameDocuments(boolean withTokens) {
        harness = new QualityHarness(SETTINGS, tagger);
        for (int i = 0; i < DOCS.size(); i++) {
            harness.pipe(event(DOCS.get(i), T0.plusSeconds(i), withTokens));
        }
        assertThat(harness.reports.isEmpty()).as("window still open").isTrue();

        tick(300, withTokens);

        EvalCounts offline = withTokens
                ? new TaggerEvaluation(new CapitalisedWordTagger(), 2).evaluate(DOCS)
                : SpanScorer.scoreAll(DOCS.stream().map(LabeledDocument::gold).toList(),
                        new CapitalisedWordTagger().tagAll(DOCS.stream().map(LabeledDocument::text).toList()).stream()
                                .map(es -> es.stream().map(Span::of).toList()).toList());
        assertThat(offline.overall()).as("a set with hits, misses, false alarms and a boundary error")
                .satisfies(c -> assertThat(c.truePositives()).isPositive())
                .satisfies(c -> assertThat(c.falsePositives()).isPositive())
                .satisfies(c -> assertThat(c.falseNegatives()).isPositive())
                .satisfies(c -> assertThat(c.partialMatches()).isPositive());
        List<TestRecord<String, QualityReport>> reports = harness.reports.readRecordsToList();
        assertThat(reports).hasSize(1);
        QualityReport report = reports.getFirst().value();
        assertThat(QualityHarness.counts(report)).isEqualTo(offline);
        assertThat(report.getDocuments()).isEqualTo(DOCS.size());
        assertThat(report.getWindowStart()).isEqualTo(T0);
        assertThat(report.getWindowEnd()).isEqualTo(T0.plusSeconds(60));
        assertThat(report.getModelName()).isEqualTo("capitalised-words");
        assertThat(reports.getFirst().key()).isEqualTo("capitalised-words:test");
        TypeCounts overall = offline.overall();
        assertThat(report.getOverall().getF1()).isEqualTo(overall.f1());
        assertThat(report.getOverall().getPrecision()).isEqualTo(overall.precision());
        assertThat(report.getByType()).extracting(q -> q.getType()).containsExactlyElementsOf(offline.byType().keySet());
        assertThat(tagger.batchSizes()).as("a full batch of 4, then the rest and the tick at the deadline")
                .containsExactly(4, 3);
        assertThat(harness.deadLetters.isEmpty()).isTrue();
    }

    @Test
    void anEventIdSeenBeforeIsNotCountedTwice() {
        harness = new QualityHarness(SETTINGS, tagger);
        harness.pipe(event(DOCS.get(0), T0.plusSeconds(1), true));
        harness.pipe(event(DOCS.get(1), T0.plusSeconds(2), true));
        harness.pipe(event(DOCS.get(0), T0.plusSeconds(3), true));
        harness.settle(LATENCY);
        LabeledEvent sameIdOtherLabels = event(DOCS.get(0), T0.plusSeconds(4), true);
        sameIdOtherLabels.setGold(List.of());
        harness.pipe(sameIdOtherLabels);
        tick(300);

        QualityReport report = harness.reports().getFirst();
        assertThat(report.getDocuments()).isEqualTo(2);
        assertThat(report.getDuplicates()).isEqualTo(2);
        assertThat(QualityHarness.counts(report))
                .isEqualTo(new TaggerEvaluation(new CapitalisedWordTagger(), 8).evaluate(DOCS.subList(0, 2)));
    }

    @Test
    void anEventLaterThanTheGracePeriodGoesToDeadLettersAndOneWithinItCounts() {
        harness = new QualityHarness(SETTINGS, tagger);
        harness.pipe(event(DOCS.get(0), T0.plusSeconds(1), true));
        harness.pipe(event(DOCS.get(1), T0.plusSeconds(65), true));
        harness.pipe(event(DOCS.get(2), T0.plusSeconds(50), true)); // window [0, 60) is open until stream time 70
        harness.pipe(event(DOCS.get(3), T0.plusSeconds(120), true));
        harness.pipe(event(DOCS.get(4), T0.plusSeconds(10), true)); // stream time 120 >= 70: late
        harness.settle(LATENCY);

        List<TestRecord<byte[], byte[]>> dead = harness.deadLetters.readRecordsToList();
        assertThat(dead).extracting(r -> new String(r.key(), StandardCharsets.UTF_8) + "="
                + DeadLetters.header(r.headers(), DeadLetters.REASON_HEADER)).containsExactly("d4=LATE");
        assertThat(DeadLetters.header(dead.getFirst().headers(), DeadLetters.OFFSET_HEADER)).isEqualTo("4");
        assertThat(harness.topics.labeledEvents().value().deserializer().deserialize("dead-letters", dead.getFirst().value())
                .getId()).isEqualTo("d4");
        List<QualityReport> reports = harness.reports();
        assertThat(reports).hasSize(1);
        assertThat(reports.getFirst().getWindowStart()).isEqualTo(T0);
        assertThat(QualityHarness.counts(reports.getFirst()))
                .isEqualTo(new TaggerEvaluation(new CapitalisedWordTagger(), 8).evaluate(List.of(DOCS.get(0), DOCS.get(2))));
    }

    @Test
    void badLabelsAndTaggingFailuresGoToDeadLettersWithTheirReasons() {
        harness = new QualityHarness(SETTINGS, tagger);
        LabeledEvent outside = event(DOCS.get(0), T0, true);
        outside.setGold(List.of(new GoldSpan("PER", 0, 999)));
        harness.pipe(outside);
        LabeledEvent poison = event(doc("poison", "Bad " + CapitalisedWordTagger.POISON), T0, true);
        harness.pipe(poison);
        harness.pipe(event(DOCS.get(1), T0, true));
        harness.settle(LATENCY);
        harness.pipe(event(doc("poison", "Bad news"), T0, true)); // the resend of a failed event is scored
        tick(300);

        assertThat(harness.deadLetters.readRecordsToList()).extracting(r -> new String(r.key(), StandardCharsets.UTF_8)
                + "=" + DeadLetters.header(r.headers(), DeadLetters.REASON_HEADER))
                .containsExactly("d0=INVALID_LABELS", "poison=TAGGING_FAILED");
        QualityReport report = harness.reports().getFirst();
        assertThat(report.getDocuments()).isEqualTo(2);
        assertThat(report.getDuplicates()).isZero();
    }

    @Test
    void corruptedLabelsRaiseAlertsForTheFloorAndTheDrop() {
        harness = new QualityHarness(SETTINGS.withAlerts(0.5, 0.2), tagger);
        List<LabeledDocument> clean = List.of(DOCS.get(0), DOCS.get(5)); // the test tagger gets these exactly right
        for (LabeledDocument d : clean) {
            harness.pipe(event(d, T0.plusSeconds(1), true));
        }
        for (LabeledDocument d : clean) { // next window; stream time 80 closes the first
            LabeledEvent corrupted = event(d, T0.plusSeconds(80), true);
            corrupted.setId(d.id() + "-corrupted");
            corrupted.setGold(corrupted.getGold().stream()
                    .map(g -> new GoldSpan(g.getType().equals("PER") ? "LOC" : g.getType(), g.getStart(), g.getEnd())).toList());
            harness.pipe(corrupted);
        }
        harness.settle(LATENCY);
        assertThat(harness.reports()).singleElement().satisfies(r -> assertThat(r.getOverall().getF1()).isEqualTo(1.0));
        assertThat(harness.alerts.isEmpty()).as("a perfect window raises nothing").isTrue();

        tick(300);

        assertThat(harness.reports()).singleElement().satisfies(r -> assertThat(r.getOverall().getF1()).isEqualTo(0.5));
        List<QualityAlert> alerts = harness.alerts.readValuesToList();
        assertThat(alerts).extracting(a -> a.getType() + "/" + a.getReason())
                .containsExactly("overall/DROPPED", "LOC/DROPPED", "PER/BELOW_FLOOR", "PER/DROPPED");
        QualityAlert perFloor = alerts.get(2);
        assertThat(perFloor.getF1()).isEqualTo(0.0);
        assertThat(perFloor.getFloor()).isEqualTo(0.5);
        assertThat(perFloor.getPreviousF1()).isNull();
        assertThat(alerts.get(3).getPreviousF1()).isEqualTo(1.0);
        assertThat(alerts.getFirst().getWindowStart()).isEqualTo(T0.plusSeconds(60));
    }

    /** Events that declare Chinese go to the second model, the rest to the first. */
    private static LabeledEvent declaring(String language, LabeledDocument doc, java.time.Instant at) {
        LabeledEvent event = event(doc, at, true);
        event.setLanguage(language);
        return event;
    }

    @Test
    void eachRoutedModelHasItsOwnWindowReportAndKey() {
        CapitalisedWordTagger chinese = new CapitalisedWordTagger("chinese-model");
        harness = new QualityHarness(SETTINGS, new DeclaredLanguageRouter(tagger, chinese));
        List<LabeledDocument> english = DOCS.subList(0, 3);
        List<LabeledDocument> declaredChinese = DOCS.subList(3, 6);
        for (int i = 0; i < 3; i++) {
            harness.pipe(event(english.get(i), T0.plusSeconds(i), true));
            harness.pipe(declaring("zh", declaredChinese.get(i), T0.plusSeconds(i)));
        }
        harness.pipe(declaring("zh", declaredChinese.getFirst(), T0.plusSeconds(5))); // a duplicate id
        tick(300);

        List<TestRecord<String, QualityReport>> reports = harness.reports.readRecordsToList();
        assertThat(reports).extracting(TestRecord::key).containsExactly("capitalised-words:test", "chinese-model:test");
        QualityReport first = reports.get(0).value();
        QualityReport second = reports.get(1).value();
        assertThat(first.getModelName()).isEqualTo("capitalised-words");
        assertThat(second.getModelName()).isEqualTo("chinese-model");
        assertThat(QualityHarness.counts(first)).isEqualTo(new TaggerEvaluation(new CapitalisedWordTagger(), 8).evaluate(english));
        assertThat(QualityHarness.counts(second))
                .isEqualTo(new TaggerEvaluation(new CapitalisedWordTagger(), 8).evaluate(declaredChinese));
        assertThat(first.getDuplicates()).isZero();
        assertThat(second.getDuplicates()).isEqualTo(1);
        assertThat(first.getWindowStart()).isEqualTo(T0);
        assertThat(second.getWindowStart()).isEqualTo(T0);
        assertThat(chinese.batchSizes().stream().mapToInt(Integer::intValue).sum()).isEqualTo(3);
    }

    @Test
    void alertsCompareEachModelWithItsOwnPreviousWindow() {
        CapitalisedWordTagger chinese = new CapitalisedWordTagger("chinese-model");
        harness = new QualityHarness(SETTINGS.withAlerts(0.5, 0.2), new DeclaredLanguageRouter(tagger, chinese));
        List<LabeledDocument> clean = List.of(DOCS.get(0), DOCS.get(5)); // the test tagger gets these exactly right
        for (LabeledDocument d : clean) { // first window: both models perfect
            harness.pipe(event(d, T0.plusSeconds(1), true));
            LabeledEvent zh = declaring("zh", d, T0.plusSeconds(1));
            zh.setId(d.id() + "-zh");
            harness.pipe(zh);
        }
        for (LabeledDocument d : clean) { // second window: only the Chinese model's labels corrupted
            LabeledEvent en = event(d, T0.plusSeconds(80), true);
            en.setId(d.id() + "-2");
            harness.pipe(en);
            LabeledEvent zh = declaring("zh", d, T0.plusSeconds(80));
            zh.setId(d.id() + "-zh-2");
            zh.setGold(zh.getGold().stream()
                    .map(g -> new GoldSpan(g.getType().equals("PER") ? "LOC" : g.getType(), g.getStart(), g.getEnd())).toList());
            harness.pipe(zh);
        }
        harness.settle(LATENCY);
        assertThat(harness.reports()).extracting(QualityReport::getModelName).containsExactly("capitalised-words", "chinese-model");
        assertThat(harness.alerts.isEmpty()).as("two perfect windows raise nothing").isTrue();

        tick(300);

        assertThat(harness.reports()).extracting(r -> r.getModelName() + " " + r.getOverall().getF1())
                .containsExactly("capitalised-words 1.0", "chinese-model 0.5");
        List<TestRecord<String, QualityAlert>> alerts = harness.alerts.readRecordsToList();
        assertThat(alerts).extracting(a -> a.key() + " " + a.value().getType() + "/" + a.value().getReason())
                .containsExactly("chinese-model:test overall/DROPPED", "chinese-model:test LOC/DROPPED",
                        "chinese-model:test PER/BELOW_FLOOR", "chinese-model:test PER/DROPPED");
        assertThat(alerts).allSatisfy(a -> assertThat(a.value().getModelName()).isEqualTo("chinese-model"));
    }
}
