package io.nerco.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Reads the real sets under {@code nerco.shared.data} and checks the counts their README
 * states; skips, saying so, where the folder is absent.
 */
class SharedDataTest {

    private static Path data(String relative) {
        String root = System.getProperty("nerco.shared.data");
        assumeTrue(root != null, "system property nerco.shared.data is not set; skipping the shared-data checks");
        Path file = Path.of(root, relative);
        assumeTrue(Files.isRegularFile(file), "shared data file " + file + " is absent; skipping");
        return file;
    }

    private static Map<String, Long> goldByType(List<LabeledDocument> docs) {
        Map<String, Long> counts = new TreeMap<>();
        docs.forEach(d -> d.gold().forEach(s -> counts.merge(s.type(), 1L, Long::sum)));
        return counts;
    }

    @Test
    void conllDevGoldAgainstItselfScoresOneHundredWithTheReadmeCounts() throws IOException {
        ConllCorpus corpus = ConllReader.detecting().read(data("conll2003/dev.txt"));
        assertThat(corpus.format()).isEqualTo(ConllFormat.CONLL2003);
        assertThat(corpus.scheme()).isEqualTo(TagScheme.IOB2);
        assertThat(corpus.documents()).hasSize(216);
        assertThat(corpus.sentenceCount()).isEqualTo(3250);
        assertThat(corpus.tokenCount()).isEqualTo(51362);
        assertThat(corpus.repairs()).isZero();

        List<LabeledDocument> docs = new ConllToLabeled(1).convert(corpus);
        EvalCounts counts = SpanScorer.scoreAll(
                docs.stream().map(LabeledDocument::gold).toList(), docs.stream().map(LabeledDocument::gold).toList());
        assertThat(counts.documents()).isEqualTo(216);
        assertThat(counts.overall().gold()).isEqualTo(5942);
        assertThat(counts.overall().f1()).isEqualTo(1.0);
        assertThat(counts.overall().precision()).isEqualTo(1.0);
        assertThat(counts.of("LOC").truePositives()).isEqualTo(1837);
        assertThat(counts.of("PER").truePositives()).isEqualTo(1842);
        assertThat(counts.of("ORG").truePositives()).isEqualTo(1341);
        assertThat(counts.of("MISC").truePositives()).isEqualTo(922);
    }

    @Test
    void conllTrainAndTestMatchTheReadme() throws IOException {
        ConllCorpus train = ConllReader.detecting().read(data("conll2003/train.txt"));
        assertThat(List.of(train.documents().size(), train.sentenceCount(), train.tokenCount())).containsExactly(946, 14041, 203621);
        assertThat(goldByType(new ConllToLabeled(1).convert(train)))
                .isEqualTo(Map.of("LOC", 7140L, "PER", 6600L, "ORG", 6321L, "MISC", 3438L));
        ConllCorpus test = ConllReader.detecting().read(data("conll2003/test.txt"));
        assertThat(List.of(test.documents().size(), test.sentenceCount(), test.tokenCount())).containsExactly(231, 3453, 46435);
        assertThat(goldByType(new ConllToLabeled(1).convert(test)))
                .isEqualTo(Map.of("LOC", 1668L, "PER", 1617L, "ORG", 1661L, "MISC", 702L));
    }

    @Test
    void weiboTrainCountsIStartsAsEntitiesAndRepairsThem() throws IOException {
        ConllCorpus train = ConllReader.detecting().read(data("chinese/weibo/train.txt"));
        assertThat(train.format()).isEqualTo(ConllFormat.CHARS);
        assertThat(train.scheme()).isEqualTo(TagScheme.IOB2);
        assertThat(train.sentenceCount()).isEqualTo(1350);
        assertThat(train.tokenCount()).isEqualTo(73778);
        assertThat(train.repairs()).isEqualTo(10);
        List<LabeledDocument> docs = new ConllToLabeled(1).convert(train);
        assertThat(docs).hasSize(1350);
        assertThat(goldByType(docs).values().stream().mapToLong(Long::longValue).sum()).isEqualTo(1895);
    }

    @Test
    void resumeTrainBmesMatchesTheReadme() throws IOException {
        ConllCorpus train = ConllReader.detecting().read(data("chinese/resume/train.txt"));
        assertThat(train.scheme()).isEqualTo(TagScheme.BIOES);
        assertThat(train.sentenceCount()).isEqualTo(3821);
        assertThat(train.tokenCount()).isEqualTo(124099);
        assertThat(train.repairs()).as("the README's 2 malformed transitions").isEqualTo(2);
        assertThat(goldByType(new ConllToLabeled(1).convert(train))).isEqualTo(Map.of(
                "TITLE", 6308L, "ORG", 4613L, "NAME", 952L, "EDU", 858L, "PRO", 287L, "CONT", 260L, "RACE", 115L, "LOC", 47L));
    }

    @Test
    void everyChineseFileReadsWithoutAWordWhereACharIsExpected() throws IOException {
        for (String file : List.of("weibo/train.txt", "weibo/dev.txt", "weibo/test.txt", "resume/train.txt",
                "resume/dev.txt", "resume/test.txt", "msra/train.txt", "msra/test.txt")) {
            ConllCorpus corpus = ConllReader.detecting().read(data("chinese/" + file));
            assertThat(corpus.format()).as(file).isEqualTo(ConllFormat.CHARS);
        }
    }
}
