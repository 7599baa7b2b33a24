package io.nerco.distil;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.nerco.model.FixtureBundle;
import io.nerco.model.OnnxTagger;
import io.nerco.model.Taggers;
import io.nerco.model.ViterbiDecoder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real teacher (the fixture bundle, through ONNX Runtime) over CoNLL and raw text. */
class TeacherLabellingTest {

    @Test
    void goldSentencesKeepTheirTagsAndTextGetsTheTeachersWithItsEmissions(@TempDir Path dir) throws Exception {
        Path conll = Files.writeString(dir.resolve("gold.conll"), """
                -DOCSTART- -X- -X- O

                Anna NNP B-NP B-PER
                lives VBZ B-VP O
                in IN B-PP O
                Berlin NNP B-NP B-LOC

                Siemens NNP B-NP B-ORG
                AG NNP I-NP I-ORG
                """);
        Path text = Files.writeString(dir.resolve("stories.txt"), """
                BAHIA COCOA REVIEW
                Comissaria Smith said in its weekly review. Arrivals rose in Sao Paulo.

                A third paragraph that the limit leaves out.
                """);
        try (OnnxTagger teacher = Taggers.open(FixtureBundle.write(dir.resolve("teacher"), 11))) {
            Path out = dir.resolve("taught.txt");
            TeacherLabelling.Summary summary = new TeacherLabelling(teacher).run(List.of(conll), List.of(text), 3, out);
            assertThat(summary.goldSentences()).isEqualTo(2);
            assertThat(summary.teacherSentences()).isEqualTo(3);
            assertThat(summary.words()).isEqualTo(6 + 3 + 8 + 6);

            TeacherLabels read = TeacherLabels.read(out);
            assertThat(read.teacher()).isEqualTo("fixture-minilm-random 0");
            assertThat(read.labels()).isEqualTo(FixtureBundle.LABELS);
            assertThat(read.sentences()).hasSize(5);
            assertThat(read.sentences().get(0).tags()).containsExactly("B-PER", "O", "O", "B-LOC");
            assertThat(read.sentences().get(1).gold()).isTrue();
            List<TaughtSentence> taught = read.sentences().subList(2, 5);
            assertThat(taught).allMatch(s -> !s.gold());
            assertThat(taught.get(0).words()).containsExactly("BAHIA", "COCOA", "REVIEW");
            assertThat(taught.get(2).words()).containsExactly("Arrivals", "rose", "in", "Sao", "Paulo", ".");

            List<float[][]> expected = teacher.wordEmissions(taught.stream().map(TaughtSentence::words).toList());
            ViterbiDecoder decoder = new ViterbiDecoder(teacher.bundle().labels(), teacher.bundle().manifest().crf());
            for (int i = 0; i < taught.size(); i++) {
                float[][] rows = taught.get(i).emissions();
                for (int w = 0; w < rows.length; w++) {
                    for (int j = 0; j < rows[w].length; j++) {
                        assertThat(rows[w][j]).isCloseTo(expected.get(i)[w][j], within(1e-4f));
                    }
                }
                int[] path = decoder.decode(expected.get(i));
                for (int w = 0; w < path.length; w++) {
                    assertThat(taught.get(i).tags().get(w)).isEqualTo(FixtureBundle.LABELS.get(path[w]));
                }
            }
        }
    }
}
