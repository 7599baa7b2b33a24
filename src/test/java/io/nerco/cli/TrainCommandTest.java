package io.nerco.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.nerco.convert.OnnxEncoderCut;
import io.nerco.model.BundleManifest;
import io.nerco.model.ModelBundle;
import io.nerco.model.Taggers;
import io.nerco.train.PretrainedEncoder;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** Bad training data is a clear error with file and line; IOB1 input and runs of blank lines are read as documented. */
class TrainCommandTest {

    private static final Path MINILM = Path.of(System.getProperty("nerco.encoders.home", "target/encoders"),
            "all-minilm-l6-v2", "all-minilm-l6-v2.onnx");
    private static final String TWO_SENTENCES = "EU NNP B-NP B-ORG\nrejects VBZ B-VP O\n\nPeter NNP B-NP B-PER\nsmiled VBD B-VP O\n";

    @TempDir
    Path dir;

    private record Outcome(int code, String err) {}

    private Outcome train(Path data, String... extra) {
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new TrainCommand()).setErr(new PrintWriter(err, true));
        String[] base = {"--train", data.toString(), "--encoder", MINILM.toString(), "--heads", "12",
                "--checkpoint-dir", dir.resolve("ckpt").toString(), "--log", dir.resolve("log.txt").toString()};
        String[] args = new String[base.length + extra.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        return new Outcome(cli.execute(args), err.toString());
    }

    @Test
    void throughMainTheRecordedCommandDoesNotRepeatTheSubcommand() throws Exception {
        assumeTrue(Files.exists(MINILM), "MiniLM encoder not unpacked at " + MINILM);
        Path data = Files.writeString(dir.resolve("one.txt"), "EU NNP B-NP B-ORG\nrejects VBZ B-VP O\n");
        int code = Main.execute("train", "--train", data.toString(), "--encoder", MINILM.toString(),
                "--checkpoint-dir", dir.resolve("ckpt").toString(), "--stages", "tagging", "--max-steps", "0");
        assertThat(code).isZero();
        assertThat(Files.readString(dir.resolve("ckpt/command.txt"))).startsWith("nerco train --train " + data);
    }

    @Test
    void stoppingBeforeATaggingEpochEndsLeavesNothingToExportAndSaysSo() throws Exception {
        assumeTrue(Files.exists(MINILM), "MiniLM encoder not unpacked at " + MINILM);
        Path data = Files.writeString(dir.resolve("one.txt"), "EU NNP B-NP B-ORG\nrejects VBZ B-VP O\n");
        Outcome stopped = train(data, "--stages", "tagging", "--max-steps", "0", "--out", dir.resolve("bundle").toString());
        assertThat(stopped.code()).isZero();
        assertThat(stopped.err()).contains("nothing to export yet").contains("--resume");
        assertThat(dir.resolve("bundle")).doesNotExist();

        Outcome exportOnly = train(data, "--stages", "tagging", "--export-only", "--out", dir.resolve("bundle").toString());
        assertThat(exportOnly.code()).isEqualTo(1);
        assertThat(exportOnly.err()).contains("nothing to export yet");
    }

    @Test
    void aMalformedTeacherLabelsFileNamesFileAndLine() throws Exception {
        assumeTrue(Files.exists(MINILM), "MiniLM encoder not unpacked at " + MINILM);
        Path bad = Files.writeString(dir.resolve("taught.txt"), """
                # nerco-teacher-labels 1
                # {"teacher": "t 1", "labels": ["O", "B-PER", "I-PER"], "transitions": [[0, 0, 0], [0, 0, 0], [0, 0, 0]], "start": [0, 0, 0], "end": [0, 0, 0]}
                ## gold
                Anna	B-PER	0 1 0
                sang	O	0 1
                """);
        Outcome o = train(bad, "--distil-weight", "0.7");
        assertThat(o.code()).isEqualTo(1);
        assertThat(o.err()).contains("taught.txt:5: expected 3 emission values, found 2");
    }

    @Test
    void aLineWithTheWrongColumnCountNamesFileAndLine() throws Exception {
        assumeTrue(Files.exists(MINILM), "MiniLM encoder not unpacked at " + MINILM);
        Path bad = Files.writeString(dir.resolve("bad.txt"), "EU NNP B-NP B-ORG\nrejects VBZ B-VP\n");
        Outcome o = train(bad);
        assertThat(o.code()).isEqualTo(1);
        assertThat(o.err()).contains("bad.txt:2:").contains("expected 4 columns");
    }

    @Test
    void anUnknownTagNamesFileLineAndTag() throws Exception {
        assumeTrue(Files.exists(MINILM), "MiniLM encoder not unpacked at " + MINILM);
        Path bad = Files.writeString(dir.resolve("bad.txt"), "EU NNP B-NP B-ORG\n\nBonn NNP B-NP X-LOC\n");
        Outcome o = train(bad);
        assertThat(o.code()).isEqualTo(1);
        assertThat(o.err()).contains("bad.txt:3:").contains("unknown tag 'X-LOC'");
    }

    @Test
    void iob1InputWithRunsOfBlankLinesIsConvertedAndTrains() throws Exception {
        assumeTrue(Files.exists(MINILM), "MiniLM encoder not unpacked at " + MINILM);
        Path iob1 = Files.writeString(dir.resolve("iob1.txt"), """
                -DOCSTART- -X- -X- O


                EU NNP I-NP I-ORG
                rejects VBZ I-VP O
                German JJ I-NP I-MISC
                call NN I-NP O



                Peter NNP I-NP I-PER
                Blackburn NNP I-NP I-PER
                """);
        Outcome o = train(iob1, "--stages", "tagging", "--epochs", "1", "--batch-size", "2", "--max-steps", "1");
        assertThat(o.code()).as(o.err()).isZero();
        assertThat(Files.readString(dir.resolve("log.txt")))
                .contains("read " + iob1 + " as IOB1")
                .contains("2 sentences")
                .contains("labels [O, B-MISC, I-MISC, B-ORG, I-ORG, B-PER, I-PER]");
        assertThat(Files.readString(dir.resolve("ckpt/command.txt")))
                .startsWith("nerco train --train " + iob1).contains("--max-steps 1");
    }

    /** Trains a one-layer cut of MiniLM, 64 feed-forward neurons kept, on two sentences, into dir/bundle. */
    private Outcome trainNarrowCut(String... extra) throws Exception {
        OnnxEncoderCut.run(MINILM, 1, 12, 64, "narrow", dir.resolve("narrow"));
        Path data = Files.writeString(dir.resolve("two.txt"), TWO_SENTENCES);
        String[] base = {"--train", data.toString(), "--encoder", dir.resolve("narrow").toString(), "--heads", "12",
                "--stages", "tagging", "--batch-size", "2", "--checkpoint-dir", dir.resolve("ckpt").toString(),
                "--out", dir.resolve("bundle").toString()};
        String[] args = Arrays.copyOf(base, base.length + extra.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        StringWriter err = new StringWriter();
        return new Outcome(new CommandLine(new TrainCommand()).setErr(new PrintWriter(err, true)).execute(args), err.toString());
    }

    @Test
    void aStudentWithNarrowedFeedForwardBlocksTrainsExportsAndSaysSoInItsBundle() throws Exception {
        assumeTrue(Files.exists(MINILM), "MiniLM encoder not unpacked at " + MINILM);
        Outcome trained = trainNarrowCut("--epochs", "1");

        assertThat(trained.code()).as(trained.err()).isZero();
        BundleManifest manifest = ModelBundle.load(dir.resolve("bundle")).manifest();
        assertThat(manifest.encoder()).containsEntry("layers", "1 of 6")
                .containsEntry("feedForward", "64 of 1536 neurons per layer");
    }

    @ParameterizedTest(name = "--{0}lazy-table")
    @ValueSource(strings = {"", "no-"})
    void aLazyTableMovesOnlyTheRowsTheBatchesLookedUp(String negation) throws Exception {
        assumeTrue(Files.exists(MINILM), "MiniLM encoder not unpacked at " + MINILM);
        Outcome trained = trainNarrowCut("--epochs", "3", "--frozen-fraction", "0", "--encoder-lr", "1e-2",
                "--" + negation + "lazy-table");
        assertThat(trained.code()).as(trained.err()).isZero();

        float[] before = wordTable(dir.resolve("narrow/narrow.onnx"));
        float[] after = wordTable(dir.resolve("bundle/encoder.onnx"));
        int width = 384;
        int changedRows = 0;
        for (int row = 0; row < before.length / width; row++) {
            if (!Arrays.equals(before, row * width, (row + 1) * width, after, row * width, (row + 1) * width)) {
                changedRows++;
            }
        }
        // [CLS], [SEP] and the word pieces of six words; weight decay moves every row of a dense update
        if (negation.isEmpty()) {
            assertThat(changedRows).isBetween(1, 16);
        } else {
            assertThat(changedRows).isGreaterThan(30_000);
        }
    }

    private static float[] wordTable(Path onnx) throws IOException {
        return PretrainedEncoder.read(onnx).embeddings().word().value().data();
    }

    @Test
    void aBiLstmStudentTrainsOverTheEncodersEmbeddingsAndItsBundleTags() throws Exception {
        assumeTrue(Files.exists(MINILM), "MiniLM encoder not unpacked at " + MINILM);
        Path data = Files.writeString(dir.resolve("two.txt"), TWO_SENTENCES);
        Outcome trained = train(data, "--architecture", "bilstm", "--lstm-input", "16", "--lstm-hidden", "8",
                "--lstm-layers", "1", "--stages", "tagging", "--epochs", "1", "--batch-size", "2", "--frozen-fraction", "0",
                "--out", dir.resolve("bundle").toString(), "--int8");

        assertThat(trained.code()).as(trained.err()).isZero();
        BundleManifest manifest = ModelBundle.load(dir.resolve("bundle")).manifest();
        assertThat(manifest.encoder().get("architecture")).startsWith("bidirectional LSTM, 1 layer of 8 per direction");
        assertThat(manifest.encoder()).doesNotContainKey("layers");
        for (String bundle : new String[] {"bundle", "bundle-int8"}) {
            try (var tagger = Taggers.open(dir.resolve(bundle))) {
                assertThat(tagger.tagAll(List.of("EU rejects Peter"))).hasSize(1);
            }
        }
    }
}
