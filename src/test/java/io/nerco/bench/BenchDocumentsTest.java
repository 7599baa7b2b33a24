package io.nerco.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchDocumentsTest {


    @Test
    void oneEventPerDocumentWithSentencesOnLinesOfTheirOwn(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("test.txt"), BenchFixtures.CONLL);

        BenchDocuments docs = BenchDocuments.fromConll(file, 20_000);

        assertThat(docs.texts()).containsExactly("EU rejects German call .\nPeter Blackburn", "BRUSSELS 1996-08-22");
        assertThat(docs.sentences().getFirst()).extracting(LabeledSentence::words)
                .containsExactly(List.of("EU", "rejects", "German", "call", "."), List.of("Peter", "Blackburn"));
        assertThat(docs.words(0)).isEqualTo(7);
        assertThat(docs.words(1)).isEqualTo(2);
        assertThat(docs.allSentences()).hasSize(3);
    }

    @Test
    void aLongDocumentIsCutBetweenSentences(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("test.txt"), BenchFixtures.CONLL);

        BenchDocuments docs = BenchDocuments.fromConll(file, 30);

        assertThat(docs.texts()).containsExactly("EU rejects German call .", "Peter Blackburn", "BRUSSELS 1996-08-22");
        assertThatThrownBy(() -> BenchDocuments.fromConll(file, 10)).hasMessageContaining("longer than an event may be (10)");
    }

    @Test
    void plainTextsAreSegmentedLikeTheServingTaggerDoes() {
        BenchDocuments docs = BenchDocuments.fromTexts("feed", List.of("EU rejects it. Germany agrees."));

        assertThat(docs.sentences().getFirst()).hasSize(2);
        assertThat(docs.words(0)).isEqualTo(7);
        assertThatThrownBy(() -> BenchDocuments.fromTexts("feed", List.of("   "))).hasMessageContaining("document 1 has no words");
    }
}
