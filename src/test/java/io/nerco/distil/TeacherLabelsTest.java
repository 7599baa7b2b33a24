package io.nerco.distil;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.nerco.model.BundleManifest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TeacherLabelsTest {

    private static final List<String> LABELS = List.of("O", "B-PER", "I-PER", "B-LOC", "I-LOC");
    private static final BundleManifest.Crf CRF = new BundleManifest.Crf(
            new float[][] {{0, 1, 2, 3, 4}, {5, 6, 7, 8, 9}, {10, 11, 12, 13, 14}, {15, 16, 17, 18, 19}, {20, 21, 22, 23, 24}},
            new float[] {0.1f, 0.2f, 0.3f, 0.4f, 0.5f}, new float[] {-1, -2, -3, -4, -5});

    private static Path writeTwo(Path dir) throws IOException {
        Path file = dir.resolve("taught.txt");
        try (TeacherLabels.Writer w = TeacherLabels.writer(file, "teacher 3", LABELS, CRF)) {
            w.write(new TaughtSentence(List.of("Anna", "sang"), List.of("B-PER", "O"), true,
                    new float[][] {{0.5f, 3.25f, -1, 0, 0}, {2, -0.125f, -10000, 0, 0.0001f}}));
            w.write(new TaughtSentence(List.of("Lisbon"), List.of("B-LOC"), false, new float[][] {{0, 0, 0, 4.5f, 0}}));
            assertThat(w.sentences()).isEqualTo(2);
        }
        return file;
    }

    @Test
    void whatIsWrittenIsReadBack(@TempDir Path dir) throws IOException {
        Path file = writeTwo(dir);
        assertThat(TeacherLabels.isTeacherLabels(file)).isTrue();
        TeacherLabels read = TeacherLabels.read(file);
        assertThat(read.teacher()).isEqualTo("teacher 3");
        assertThat(read.labels()).isEqualTo(LABELS);
        assertThat(read.crf().transitions()).isDeepEqualTo(CRF.transitions());
        assertThat(read.crf().end()).containsExactly(-1, -2, -3, -4, -5);
        assertThat(read.sentences()).hasSize(2);
        TaughtSentence first = read.sentences().getFirst();
        assertThat(first.words()).containsExactly("Anna", "sang");
        assertThat(first.tags()).containsExactly("B-PER", "O");
        assertThat(first.gold()).isTrue();
        assertThat(first.emissions()[0]).containsExactly(0.5f, 3.25f, -1, 0, 0);
        assertThat(first.emissions()[1]).containsExactly(2, -0.125f, -10000, 0, 0.0001f);
        assertThat(read.sentences().get(1).gold()).isFalse();
    }

    @Test
    void reorderingMovesEveryColumnAndTheCrfTogether(@TempDir Path dir) throws IOException {
        List<String> student = List.of("O", "B-LOC", "I-LOC", "B-PER", "I-PER");
        TeacherLabels r = TeacherLabels.read(writeTwo(dir)).reordered(student);
        assertThat(r.labels()).isEqualTo(student);
        assertThat(r.sentences().getFirst().emissions()[0]).containsExactly(0.5f, 0, 0, 3.25f, -1);
        assertThat(r.crf().start()).containsExactly(0.1f, 0.4f, 0.5f, 0.2f, 0.3f);
        // B-LOC -> B-PER was teacher row 3, column 1
        assertThat(r.crf().transitions()[1][3]).isEqualTo(16);
        assertThatThrownBy(() -> r.reordered(List.of("O", "B-ORG", "I-ORG", "B-PER", "I-PER")))
                .hasMessageContaining("are not the teacher's");
    }

    @Test
    void aCoNllFileIsNotTakenForOne(@TempDir Path dir) throws IOException {
        assertThat(TeacherLabels.isTeacherLabels(Files.writeString(dir.resolve("a.conll"), "Anna NNP B-NP B-PER\n"))).isFalse();
    }

    @Test
    void malformedLinesNameTheFileAndLine(@TempDir Path dir) throws IOException {
        Path good = writeTwo(dir);
        List<String> lines = Files.readAllLines(good);
        assertThat(lines.get(3)).startsWith("Anna\tB-PER\t");

        assertThatThrownBy(() -> TeacherLabels.read(with(dir, lines, 3, "Anna\tB-ORG\t0 0 0 0 0")))
                .isInstanceOf(TeacherLabelsFormatException.class).hasMessageEndingWith("bad.txt:4: unknown tag B-ORG, known " + LABELS);
        assertThatThrownBy(() -> TeacherLabels.read(with(dir, lines, 3, "Anna\tB-PER\t0 0 0")))
                .hasMessageEndingWith(":4: expected 5 emission values, found 3");
        assertThatThrownBy(() -> TeacherLabels.read(with(dir, lines, 4, "sang\tO\t0 x 0 0 0")))
                .hasMessageEndingWith(":5: not a number: x");
        assertThatThrownBy(() -> TeacherLabels.read(with(dir, lines, 4, "sang O 0 0 0 0 0")))
                .hasMessageEndingWith(":5: expected word, tag and emissions separated by tabs");
        assertThatThrownBy(() -> TeacherLabels.read(with(dir, lines, 2, "## maybe")))
                .hasMessageEndingWith(":3: expected '## gold' or '## teacher', found ## maybe");
        assertThatThrownBy(() -> TeacherLabels.read(with(dir, lines, 1, "# {\"labels\": [\"O\"]}")))
                .hasMessageContaining(":2: ");
        assertThatThrownBy(() -> TeacherLabels.read(with(dir, lines, 0, "# something else")))
                .hasMessageEndingWith(":1: not a teacher-labels file: the first line is not " + TeacherLabels.MAGIC);
    }

    @Test
    void aWordWithATabCannotBeWritten(@TempDir Path dir) throws IOException {
        try (TeacherLabels.Writer w = TeacherLabels.writer(dir.resolve("t.txt"), "t", LABELS, CRF)) {
            assertThatThrownBy(() -> w.write(new TaughtSentence(List.of("a\tb"), List.of("O"), false, new float[][] {{0, 0, 0, 0, 0}})))
                    .hasMessageContaining("without tabs");
        }
    }

    private static Path with(Path dir, List<String> lines, int index, String replacement) throws IOException {
        List<String> copy = new java.util.ArrayList<>(lines);
        copy.set(index, replacement);
        return Files.write(dir.resolve("bad.txt"), copy);
    }
}
