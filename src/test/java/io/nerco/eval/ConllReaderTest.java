package io.nerco.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConllReaderTest {

    private static ConllCorpus read(ConllReader reader, String text) throws IOException {
        return reader.read(new StringReader(text), "fixture.txt");
    }

    @Test
    void readsConll2003DocumentsAndSentences() throws IOException {
        ConllCorpus c = read(ConllReader.detecting(), """
                -DOCSTART- -X- -X- O

                EU NNP B-NP B-ORG
                rejects VBZ B-VP O
                German JJ B-NP B-MISC

                Peter NNP B-NP B-PER
                Blackburn NNP I-NP I-PER
                -DOCSTART- -X- -X- O

                BRUSSELS NNP B-NP B-LOC
                """);
        assertThat(c.format()).isEqualTo(ConllFormat.CONLL2003);
        assertThat(c.scheme()).isEqualTo(TagScheme.IOB2);
        assertThat(c.documentMarkers()).isTrue();
        assertThat(c.documents()).hasSize(2);
        assertThat(c.documents().get(0).sentences()).hasSize(2);
        ConllSentence first = c.documents().get(0).sentences().get(0);
        assertThat(first.words()).containsExactly("EU", "rejects", "German");
        assertThat(first.tags()).containsExactly("B-ORG", "O", "B-MISC");
        assertThat(first.line()).isEqualTo(3);
        assertThat(c.documents().get(1).line()).isEqualTo(9);
        assertThat(c.tokenCount()).isEqualTo(6);
        assertThat(c.repairs()).isZero();
    }

    @Test
    void convertsIob1ToIob2WithConllevalRules() throws IOException {
        ConllCorpus c = read(ConllReader.detecting(), """
                U.N. NNP I-NP I-ORG
                official NN I-NP O
                Ekeus NNP I-NP I-PER
                Rolf NNP I-NP B-PER
                heads VBZ I-VP O
                """);
        assertThat(c.scheme()).isEqualTo(TagScheme.IOB1);
        assertThat(c.documents().getFirst().sentences().getFirst().tags())
                .containsExactly("B-ORG", "O", "B-PER", "B-PER", "O");
        assertThat(c.repairs()).as("IOB1 chunks start with I- by design").isZero();
    }

    @Test
    void repairsIAfterOInIob2LikeConlleval() throws IOException {
        ConllCorpus c = read(new ConllReader(ConllFormat.CHARS, TagScheme.IOB2), """
                张0\tB-PER.NAM
                三1\tI-PER.NAM
                说0\tO
                李0\tI-PER.NAM
                """);
        assertThat(c.documents().getFirst().sentences().getFirst().words()).containsExactly("张", "三", "说", "李");
        assertThat(c.documents().getFirst().sentences().getFirst().tags())
                .containsExactly("B-PER.NAM", "I-PER.NAM", "O", "B-PER.NAM");
        assertThat(c.repairs()).isEqualTo(1);
        assertThat(c.documentMarkers()).isFalse();
    }

    @Test
    void convertsBmesToBio() throws IOException {
        ConllCorpus c = read(ConllReader.detecting(), """
                高 B-NAME
                勇 E-NAME
                ， O
                中 S-CONT
                国 B-ORG
                银 M-ORG
                行 E-ORG
                行 E-ORG
                长 M-TITLE
                """);
        assertThat(c.format()).isEqualTo(ConllFormat.CHARS);
        assertThat(c.scheme()).isEqualTo(TagScheme.BIOES);
        assertThat(c.documents().getFirst().sentences().getFirst().tags()).containsExactly(
                "B-NAME", "I-NAME", "O", "B-CONT", "B-ORG", "I-ORG", "I-ORG", "B-ORG", "B-TITLE");
        assertThat(c.repairs()).as("E- after E- and M- after another type start chunks").isEqualTo(2);
    }

    @Test
    void keepsTheFirstCodePointOfACharColumn() throws IOException {
        ConllCorpus c = read(ConllReader.detecting(), "\uD840\uDC000\tO\n\uFFFD\uFFFD0\tO\n");
        assertThat(c.documents().getFirst().sentences().getFirst().words()).containsExactly("\uD840\uDC00", "\uFFFD");
    }

    @Test
    void toleratesCrlfBomAndRunsOfBlankLines() throws IOException {
        ConllCorpus c = read(ConllReader.detecting(), "\uFEFFa O\r\n\r\n \r\n\r\nb B-X\r\n");
        assertThat(c.sentenceCount()).isEqualTo(2);
        assertThat(c.sentences().map(ConllSentence::words)).containsExactly(List.of("a"), List.of("b"));
    }

    @Test
    void wrongColumnCountNamesFileAndLine() {
        assertThatThrownBy(() -> read(ConllReader.detecting(), "EU NNP B-NP B-ORG\nrejects VBZ O\n"))
                .isInstanceOfSatisfying(ConllFormatException.class, e -> {
                    assertThat(e.source()).isEqualTo("fixture.txt");
                    assertThat(e.line()).isEqualTo(2);
                })
                .hasMessageStartingWith("fixture.txt:2: expected 4 columns");
    }

    @Test
    void undetectableColumnCountIsAnError() {
        assertThatThrownBy(() -> read(ConllReader.detecting(), "a b c\n"))
                .isInstanceOf(ConllFormatException.class).hasMessageContaining("fixture.txt:1:");
    }

    @Test
    void unknownTagsAreErrors() {
        assertThatThrownBy(() -> read(ConllReader.detecting(), "a O\nb PER\n"))
                .isInstanceOf(ConllFormatException.class).hasMessageStartingWith("fixture.txt:2: unknown tag 'PER'");
        assertThatThrownBy(() -> read(ConllReader.detecting(), "a X-PER\n"))
                .isInstanceOf(ConllFormatException.class).hasMessageContaining("unknown tag 'X-PER'");
        assertThatThrownBy(() -> read(ConllReader.detecting(), "a B-\n"))
                .isInstanceOf(ConllFormatException.class).hasMessageContaining("unknown tag 'B-'");
    }

    @Test
    void prefixOutsideAnExplicitSchemeIsAnError() {
        assertThatThrownBy(() -> read(new ConllReader(null, TagScheme.IOB2), "a B-X\nb\tE-X\n"))
                .isInstanceOf(ConllFormatException.class)
                .hasMessageStartingWith("fixture.txt:2: tag 'E-X' has a prefix outside IOB2");
    }

    @Test
    void documentWithoutSentencesIsAnError() {
        assertThatThrownBy(() -> read(ConllReader.detecting(), "-DOCSTART- -X- -X- O\n\n-DOCSTART- -X- -X- O\n\nEU NNP B-NP B-ORG\n"))
                .isInstanceOf(ConllFormatException.class).hasMessageStartingWith("fixture.txt:1: -DOCSTART- without");
    }

    @Test
    void schemeNamesParse() {
        assertThat(TagScheme.parse("bio")).isEqualTo(TagScheme.IOB2);
        assertThat(TagScheme.parse("BMES")).isEqualTo(TagScheme.BIOES);
        assertThatThrownBy(() -> TagScheme.parse("bilou")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aTwoColumnFileOfWordsIsRefusedRatherThanCutToFirstCharacters() {
        assertThatThrownBy(() -> read(ConllReader.detecting(), "A B-PER\nman O\nfrom O\nParis B-LOC\n"))
                .isInstanceOf(ConllFormatException.class)
                .hasMessageContaining("fixture.txt")
                .hasMessageContaining("fixture.txt:2:")
                .hasMessageContaining("'man' is a word");
    }

    @Test
    void charLinesKeepWeiboDigitsAndEmojiSelectorsOut() throws IOException {
        ConllCorpus c = read(ConllReader.detecting(), "\u79d10 B-LOC\n\u2764\ufe0f O\n");
        assertThat(c.documents().getFirst().sentences().getFirst().words()).containsExactly("\u79d1", "\u2764");
    }
}
