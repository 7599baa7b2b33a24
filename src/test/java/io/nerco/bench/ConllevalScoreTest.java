package io.nerco.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConllevalScoreTest {

    @Test
    void aChunkCountsOnlyWithTheSameStartEndAndType() {
        ConllevalScore s = ConllevalScore.of(
                List.of("B-PER", "I-PER", "O", "B-LOC", "B-ORG", "I-ORG"),
                List.of("B-PER", "I-PER", "O", "B-ORG", "B-ORG", "O"));

        assertThat(s).isEqualTo(new ConllevalScore(1, 3, 3));
        assertThat(s.precision()).isEqualTo(100.0 / 3);
        assertThat(s.f1()).isEqualTo(100.0 / 3);
    }

    @Test
    void readsIoAndIob1AsConllevalDoes() {
        // I-X after O or another type starts a chunk; B-X after I-X of the same type starts a new one.
        assertThat(ConllevalScore.chunks(List.of("I-PER", "I-PER", "O", "I-LOC", "I-ORG", "B-ORG")))
                .containsExactly(new ConllevalScore.Chunk(0, 2, "PER"), new ConllevalScore.Chunk(3, 4, "LOC"),
                        new ConllevalScore.Chunk(4, 5, "ORG"), new ConllevalScore.Chunk(5, 6, "ORG"));
    }

    @Test
    void sumsOverSentencesBeforeDividing() {
        ConllevalScore total = ConllevalScore.of(List.of("B-PER"), List.of("B-PER"))
                .plus(ConllevalScore.of(List.of("O"), List.of("B-LOC")));
        assertThat(total).isEqualTo(new ConllevalScore(1, 2, 1));
        assertThat(total.f1()).isEqualTo(2 * 50.0 * 100.0 / 150.0);
        assertThat(new ConllevalScore(0, 0, 0).f1()).isZero();
    }
}
