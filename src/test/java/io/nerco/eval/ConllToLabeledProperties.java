package io.nerco.eval;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class ConllToLabeledProperties {

    record Tagged(String word, String tag) {
    }

    @Provide
    Arbitrary<List<List<Tagged>>> sentences() {
        Arbitrary<String> words = Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(4);
        Arbitrary<String> tags = Arbitraries.of("O", "B-PER", "I-PER", "B-LOC", "I-LOC");
        Arbitrary<Tagged> token = Combinators.combine(words, tags).as(Tagged::new);
        return token.list().ofMinSize(1).ofMaxSize(12).list().ofMinSize(1).ofMaxSize(4);
    }

    private static LabeledDocument document(List<List<Tagged>> sentences, String separator) {
        List<ConllSentence> conll = new ArrayList<>();
        for (List<Tagged> s : sentences) {
            conll.add(new ConllSentence(s.stream().map(Tagged::word).toList(), s.stream().map(Tagged::tag).toList(), 1));
        }
        return ConllToLabeled.document("p", conll, separator);
    }

    @Property
    void spansCoverWholeWordsOfTheirChunk(@ForAll("sentences") List<List<Tagged>> sentences) {
        for (String separator : List.of(" ", "")) {
            LabeledDocument d = document(sentences, separator);
            long chunks = sentences.stream()
                    .mapToLong(s -> Chunks.of(s.stream().map(Tagged::tag).toList()).size()).sum();
            assertThat(d.gold()).hasSize((int) chunks);
            for (Span span : d.gold()) {
                String covered = d.text().substring(span.start(), span.end());
                assertThat(covered).doesNotContain("\n");
                assertThat(d.segmented().sentences().stream().flatMap(s -> s.tokens().stream())
                        .filter(t -> t.start() >= span.start() && t.end() <= span.end())
                        .map(t -> t.text()).reduce((a, b) -> a + separator + b)).contains(covered);
            }
            EvalCounts self = SpanScorer.score(d.gold(), d.gold());
            assertThat(self.overall().truePositives()).isEqualTo(chunks);
            assertThat(self.overall().falsePositives() + self.overall().falseNegatives()).isZero();
        }
    }
}
