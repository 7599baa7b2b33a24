package io.nerco.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConllSentencesTest {

    @Test
    void readsWordsAndTheLastColumnSkippingDocstartAndBlankLines() throws Exception {
        List<LabeledSentence> sentences = read("""
                -DOCSTART- -X- -X- O

                EU NNP B-NP B-ORG
                rejects VBZ B-VP O


                Peter NNP B-NP B-PER
                """);

        assertThat(sentences).containsExactly(
                new LabeledSentence(List.of("EU", "rejects"), List.of("B-ORG", "O")),
                new LabeledSentence(List.of("Peter"), List.of("B-PER")));
    }

    @Test
    void oneColumnIsReadAsUnlabeledWords() throws Exception {
        assertThat(read("a\nb\n\nc\n")).extracting(LabeledSentence::labeled).containsExactly(false, false);
    }

    @Test
    void mixedColumnsAndEmptyFilesAreNamedErrors() {
        assertThatThrownBy(() -> read("a O\nb\n")).isInstanceOf(BenchInputException.class).hasMessageContaining("fixture:2");
        assertThatThrownBy(() -> read("-DOCSTART- O\n\n")).isInstanceOf(BenchInputException.class).hasMessageContaining("no sentence");
    }

    private static List<LabeledSentence> read(String text) throws Exception {
        return ConllSentences.read(new BufferedReader(new StringReader(text)), "fixture");
    }
}
