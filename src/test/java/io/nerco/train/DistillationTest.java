package io.nerco.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.nerco.distil.CrfPosterior;
import io.nerco.distil.TaughtSentence;
import io.nerco.distil.TeacherLabels;
import io.nerco.model.BundleManifest;
import io.nerco.onnx.BertEncoderGraph;
import io.nerco.onnx.RandomBert;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The student's loss against a teacher: the CRF cross-entropy under a teacher's posterior is
 * the one sequences enumerated give, and a student trained on a teacher-labels file learns
 * what the teacher's emissions say, not the file's tags, as far as the weight says.
 */
class DistillationTest {

    private static final BertConfig TINY = new BertConfig(10, 4, 1, 1, 8, 8, 2, 1e-12f, 0f);
    private static final List<String> LABELS = List.of("O", "B-X", "I-X");

    @Test
    void theLossUnderATeachersPosteriorIsTheCrossEntropyOfTheTwoSequenceDistributions() {
        Random random = new Random(3);
        int n = LABELS.size();
        int len = 3;
        float[][] teacherEmissions = new float[len][n];
        float[] studentEmissions = new float[len * n];
        for (int t = 0; t < len; t++) {
            for (int j = 0; j < n; j++) {
                teacherEmissions[t][j] = (float) random.nextGaussian() * 2;
                studentEmissions[t * n + j] = (float) random.nextGaussian();
            }
        }
        BundleManifest.Crf teacherCrf = new BundleManifest.Crf(new float[][] {{0.3f, -0.2f, 0.1f}, {0.5f, 0f, 1f}, {0f, 0.4f, 0.2f}},
                new float[] {0.2f, 0f, 0f}, new float[] {0f, 0.1f, -0.3f});
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            ModelParameters p = ModelParameters.random(m, TINY, n, 1);
            float[] trans = {0.1f, 0.2f, -0.4f, 0f, 0.3f, 0.6f, -0.1f, 0.2f, 0f};
            float[] start = {0.3f, -0.1f, 0.2f};
            float[] end = {0f, 0.2f, 0.1f};
            p.assign("crf.transitions", trans);
            p.assign("crf.start", start);
            p.assign("crf.end", end);
            CrfPosterior.Marginals posterior = new CrfPosterior(LABELS, teacherCrf).of(teacherEmissions);
            NDArray emissions = m.create(studentEmissions, new Shape(1, len, n));
            float loss = new Crf(p).nll(emissions, CrfTargets.posterior(List.of(posterior), len, n)).getFloat();

            // enumerate: teacher q over BIO-valid sequences, student p over all sequences
            double[] teacherScore = new double[27];
            double[] studentScore = new double[27];
            double zTeacher = 0;
            double zStudent = 0;
            for (int code = 0; code < 27; code++) {
                int[] y = {code % 3, code / 3 % 3, code / 9};
                double s = start[y[0]] + end[y[2]];
                double q = teacherCrf.start()[y[0]] + teacherCrf.end()[y[2]];
                for (int t = 0; t < len; t++) {
                    s += studentEmissions[t * n + y[t]] + (t > 0 ? trans[y[t - 1] * n + y[t]] : 0);
                    q += teacherEmissions[t][y[t]] + (t > 0 ? teacherCrf.transitions()[y[t - 1]][y[t]] : 0);
                }
                boolean valid = y[0] != 2 && (y[1] != 2 || y[0] != 0) && (y[2] != 2 || y[1] != 0);
                studentScore[code] = s;
                teacherScore[code] = valid ? q : Double.NEGATIVE_INFINITY;
                zStudent += Math.exp(s);
                zTeacher += Math.exp(teacherScore[code]);
            }
            double crossEntropy = 0;
            for (int code = 0; code < 27; code++) {
                crossEntropy -= Math.exp(teacherScore[code]) / zTeacher * (studentScore[code] - Math.log(zStudent));
            }
            assertThat((double) loss).isCloseTo(crossEntropy, within(1e-4));
        }
    }

    @Test
    void mixingGoldAndTeacherTargetsMixesTheLoss() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            ModelParameters p = ModelParameters.random(m, TINY, 3, 5);
            NDArray emissions = m.create(new float[] {1, 0, 0.5f, 0, 2, 1, 0.3f, 0, 1}, new Shape(1, 3, 3));
            CrfTargets gold = CrfTargets.gold(new int[][] {{1, 2, 0}}, 3, 3);
            CrfTargets teacher = CrfTargets.posterior(List.of(new CrfPosterior(LABELS,
                    new BundleManifest.Crf(new float[3][3], new float[3], new float[3])).of(new float[][] {{0, 1, 0}, {0, 0, 1}, {1, 0, 0}})), 3, 3);
            Crf crf = new Crf(p);
            float g = crf.nll(emissions, gold).getFloat();
            float t = crf.nll(emissions, teacher).getFloat();
            assertThat(crf.nll(emissions, gold.mixedWith(teacher, 0.25f)).getFloat()).isCloseTo(0.75f * g + 0.25f * t, within(1e-5f));
            assertThat(crf.nll(emissions, new int[][] {{1, 2, 0}}).getFloat()).isEqualTo(g);
        }
    }

    private static final List<List<String>> SENTENCES = List.of(
            List.of("Anna", "lives", "in", "Berlin", "."),
            List.of("John", "Smith", "visited", "New", "York"),
            List.of("Rain", "fell", "in", "Paris", "today"),
            List.of("Mary", "smiled", "at", "Peter"),
            List.of("They", "met", "Peter", "in", "Rome"));
    private static final List<List<String>> TEACHER_TAGS = List.of(
            List.of("B-PER", "O", "O", "B-LOC", "O"),
            List.of("B-PER", "I-PER", "O", "B-LOC", "I-LOC"),
            List.of("O", "O", "O", "B-LOC", "O"),
            List.of("B-PER", "O", "O", "B-PER"),
            List.of("O", "O", "B-PER", "O", "B-LOC"));
    private static final List<String> TEACHER_LABELS = List.of("O", "B-PER", "I-PER", "B-LOC", "I-LOC");

    /**
     * Every tag in the file is O, but the teacher's emissions are sure of the people and places:
     * how much of that the student learns is the distillation weight's doing.
     */
    private static Path teacherFile(Path dir) throws IOException {
        Path file = dir.resolve("taught.txt");
        int n = TEACHER_LABELS.size();
        try (TeacherLabels.Writer w = TeacherLabels.writer(file, "sure teacher 1", TEACHER_LABELS,
                new BundleManifest.Crf(new float[n][n], new float[n], new float[n]))) {
            for (int i = 0; i < SENTENCES.size(); i++) {
                float[][] rows = new float[SENTENCES.get(i).size()][n];
                for (int t = 0; t < rows.length; t++) {
                    rows[t][TEACHER_LABELS.indexOf(TEACHER_TAGS.get(i).get(t))] = 8;
                }
                w.write(new TaughtSentence(SENTENCES.get(i), SENTENCES.get(i).stream().map(x -> "O").toList(), false, rows));
            }
        }
        return file;
    }

    private static List<List<String>> trainAndTag(Path dir, float weight, int epochs) throws IOException {
        Path tokenizer = Path.of(System.getProperty("nerco.encoders.home", "target/encoders"),
                "all-minilm-l6-v2", "all-minilm-l6-v2-tokenizer.json");
        assumeTrue(Files.exists(tokenizer), "MiniLM tokenizer not unpacked at " + tokenizer + " (run the Maven build)");
        Files.createDirectories(dir);
        Path encoder = dir.resolve("tiny-bert.onnx");
        BertEncoderGraph.build(RandomBert.weights(30522, 32, 2, 64, 512), 2, 1e-12f).write(encoder);
        Path data = teacherFile(dir);
        TrainConfig config = new TrainConfig(data, null, encoder, tokenizer, 2, false, true, 0, epochs, 2,
                3e-2f, 3e-3f, 1e-3f, 0f, 0.1f, 0.01f, 1f, 0.07f, 0.1f, 13, 128, dir.resolve("ckpt"), 1000, null, weight);
        try (Trainer trainer = new Trainer(config, false);
                SubwordAligner aligner = new SubwordAligner(tokenizer);
                NDManager m = NDManager.newBaseManager("PyTorch")) {
            trainer.run(Long.MAX_VALUE);
            List<EncodedSentence> encoded = new ArrayList<>();
            for (int i = 0; i < SENTENCES.size(); i++) {
                encoded.add(aligner.encode(i, new TaggedSentence(SENTENCES.get(i), TEACHER_TAGS.get(i)), trainer.labels(), 512));
            }
            return trainer.model().tag(encoded, m, 5);
        }
    }

    @Test
    void aStudentLearnsTheTeachersEmissionsAsFarAsTheWeightSays(@TempDir Path dir) throws IOException {
        List<List<String>> taught = trainAndTag(dir.resolve("taught"), 1f, 8);
        List<List<String>> tagsOnly = trainAndTag(dir.resolve("tags-only"), 0f, 3); // all O is learnt at once
        assertThat(taught).as("weight 1: the teacher's posterior alone").isEqualTo(TEACHER_TAGS);
        assertThat(tagsOnly.stream().flatMap(List::stream)).as("weight 0: the file's tags alone").containsOnly("O");
    }
}
