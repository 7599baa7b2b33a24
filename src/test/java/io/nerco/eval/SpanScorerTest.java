package io.nerco.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpanScorerTest {

    private static Span s(String type, int start, int end) {
        return new Span(type, start, end);
    }

    @Test
    void countsExactMatchesPerTypeAndOverall() {
        // gold: PER[0,5) LOC[10,16) ORG[20,23) ; predicted: PER[0,5) LOC[10,14) MISC[20,23) ORG[30,33)
        EvalCounts c = SpanScorer.score(
                List.of(s("PER", 0, 5), s("LOC", 10, 16), s("ORG", 20, 23)),
                List.of(s("PER", 0, 5), s("LOC", 10, 14), s("MISC", 20, 23), s("ORG", 30, 33)));
        assertThat(c.of("PER")).isEqualTo(new TypeCounts(1, 0, 0, 0, 0));
        assertThat(c.of("LOC")).isEqualTo(new TypeCounts(0, 1, 1, 1, 0));
        assertThat(c.of("ORG")).isEqualTo(new TypeCounts(0, 1, 1, 0, 1));
        assertThat(c.of("MISC")).isEqualTo(new TypeCounts(0, 1, 0, 0, 0));
        TypeCounts all = c.overall();
        assertThat(all).isEqualTo(new TypeCounts(1, 3, 2, 1, 1));
        assertThat(all.precision()).isCloseTo(0.25, within(1e-12));
        assertThat(all.recall()).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(all.f1()).isCloseTo(2 * 0.25 * (1.0 / 3) / (0.25 + 1.0 / 3), within(1e-12));
        assertThat(c.documents()).isEqualTo(1);
    }

    @Test
    void scoresAreZeroWhenUndefined() {
        TypeCounts none = SpanScorer.score(List.of(), List.of()).overall();
        assertThat(none.precision()).isZero();
        assertThat(none.recall()).isZero();
        assertThat(none.f1()).isZero();
        TypeCounts onlyMisses = SpanScorer.score(List.of(s("PER", 0, 1)), List.of()).overall();
        assertThat(onlyMisses.precision()).isZero();
        assertThat(onlyMisses.f1()).isZero();
    }

    @Test
    void duplicatePredictionsMatchOneGoldSpanOnce() {
        EvalCounts c = SpanScorer.score(List.of(s("PER", 0, 5)), List.of(s("PER", 0, 5), s("PER", 0, 5)));
        assertThat(c.of("PER")).isEqualTo(new TypeCounts(1, 1, 0, 0, 0));
    }

    @Test
    void countsMergeAcrossDocuments() {
        EvalCounts a = SpanScorer.score(List.of(s("PER", 0, 5)), List.of(s("PER", 0, 5)));
        EvalCounts b = SpanScorer.score(List.of(s("LOC", 0, 5)), List.of(s("PER", 0, 5)));
        EvalCounts sum = a.plus(b);
        assertThat(sum.documents()).isEqualTo(2);
        assertThat(sum.byType()).isEqualTo(Map.of(
                "PER", new TypeCounts(1, 1, 0, 0, 0),
                "LOC", new TypeCounts(0, 0, 1, 0, 1)));
        assertThat(SpanScorer.scoreAll(List.of(List.of(s("PER", 0, 5)), List.of(s("LOC", 0, 5))),
                List.of(List.of(s("PER", 0, 5)), List.of(s("PER", 0, 5))))).isEqualTo(sum);
        assertThat(EvalCounts.EMPTY.plus(sum)).isEqualTo(sum);
    }

    /** Tags to spans to counts, against conlleval's output on the same columns, computed by hand. */
    @Test
    void tagFixtureGivesConllevalCounts() {
        // word   gold    guess
        // a      B-PER   I-PER    chunk start at I- after sentence start: correct
        // b      I-PER   I-PER
        // c      O       O
        // d      I-LOC   B-LOC    gold I- after O starts a chunk; same chunk as guess: correct
        // e      I-ORG   I-LOC    type change inside: gold LOC[d] + ORG[e]; guess LOC[d,e]
        // f      B-ORG   B-ORG    adjacent chunks of one type: gold ORG[e], ORG[f]
        // g      O       O
        List<String> words = List.of("a", "b", "c", "d", "e", "f", "g");
        LabeledDocument gold = ConllToLabeled.document("gold", List.of(new ConllSentence(words,
                List.of("B-PER", "I-PER", "O", "I-LOC", "I-ORG", "B-ORG", "O"), 1)), " ");
        LabeledDocument guess = ConllToLabeled.document("guess", List.of(new ConllSentence(words,
                List.of("I-PER", "I-PER", "O", "B-LOC", "I-LOC", "B-ORG", "O"), 1)), " ");
        // text "a b c d e f g": a=0 b=2 c=4 d=6 e=8 f=10 g=12
        assertThat(gold.gold()).containsExactly(s("PER", 0, 3), s("LOC", 6, 7), s("ORG", 8, 9), s("ORG", 10, 11));
        assertThat(guess.gold()).containsExactly(s("PER", 0, 3), s("LOC", 6, 9), s("ORG", 10, 11));
        EvalCounts c = SpanScorer.score(gold.gold(), guess.gold());
        // conlleval: found 3 phrases, 4 gold, correct 2 (PER, second ORG)
        assertThat(c.overall().truePositives()).isEqualTo(2);
        assertThat(c.overall().predicted()).isEqualTo(3);
        assertThat(c.overall().gold()).isEqualTo(4);
        assertThat(c.of("PER")).isEqualTo(new TypeCounts(1, 0, 0, 0, 0));
        assertThat(c.of("LOC")).isEqualTo(new TypeCounts(0, 1, 1, 1, 0));
        assertThat(c.of("ORG")).isEqualTo(new TypeCounts(1, 0, 1, 0, 0));
        assertThat(c.overall().precision()).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(c.overall().recall()).isCloseTo(0.5, within(1e-12));
    }
}
