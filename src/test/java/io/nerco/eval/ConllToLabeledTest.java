package io.nerco.eval;

import static org.assertj.core.api.Assertions.assertThat;

import io.nerco.text.Token;
import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConllToLabeledTest {

    @Test
    void buildsEnglishTextWithExactOffsets() throws IOException {
        ConllCorpus corpus = ConllReader.detecting().read(new StringReader("""
                -DOCSTART- -X- -X- O

                EU NNP B-NP B-ORG
                rejects VBZ B-VP O
                German JJ B-NP B-MISC
                call NN I-NP O

                Peter NNP B-NP B-PER
                Blackburn NNP I-NP I-PER
                """), "/data/dev.txt");
        List<LabeledDocument> docs = new ConllToLabeled(10).convert(corpus);
        assertThat(docs).hasSize(1);
        LabeledDocument d = docs.getFirst();
        assertThat(d.id()).isEqualTo("dev.txt#0");
        assertThat(d.text()).isEqualTo("EU rejects German call\nPeter Blackburn");
        assertThat(d.gold()).containsExactly(new Span("ORG", 0, 2), new Span("MISC", 11, 17), new Span("PER", 23, 38));
        assertThat(d.gold()).extracting(s -> d.text().substring(s.start(), s.end()))
                .containsExactly("EU", "German", "Peter Blackburn");
        assertThat(d.segmented().sentences()).hasSize(2);
        assertThat(d.segmented().sentences().get(1).start()).isEqualTo(23);
        assertThat(d.segmented().sentences().get(1).tokens()).extracting(Token::text).containsExactly("Peter", "Blackburn");
    }

    @Test
    void joinsCharsWithoutSpacesAndGroupsSentencesWithoutMarkers() throws IOException {
        ConllCorpus corpus = ConllReader.detecting().read(new StringReader("""
                我0\tO
                在0\tO
                北0\tB-GPE.NAM
                京1\tI-GPE.NAM

                好0\tO

                李0\tB-PER.NAM
                """), "weibo.txt");
        List<LabeledDocument> docs = new ConllToLabeled(2).convert(corpus);
        assertThat(docs).extracting(LabeledDocument::text).containsExactly("我在北京\n好", "李");
        assertThat(docs.get(0).gold()).containsExactly(new Span("GPE.NAM", 2, 4));
        assertThat(docs.get(1).gold()).containsExactly(new Span("PER.NAM", 0, 1));
        assertThat(docs).extracting(LabeledDocument::id).containsExactly("weibo.txt#0", "weibo.txt#1");
    }
}
