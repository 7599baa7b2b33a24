package io.nerco.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDManager;
import io.nerco.eval.ConllReader;
import io.nerco.eval.ConllToLabeled;
import io.nerco.eval.EvalCounts;
import io.nerco.eval.TaggerEvaluation;
import io.nerco.model.BundleManifest;
import io.nerco.model.OnnxTagger;
import io.nerco.model.Taggers;
import io.nerco.onnx.BertEncoderGraph;
import io.nerco.onnx.BundleWriter;
import io.nerco.onnx.OnnxModelFile;
import io.nerco.onnx.RandomBert;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model trained in DJL and exported as a bundle tags exactly as the DJL model does: the DJL
 * model's own predictions, written as a CoNLL file, are what the bundle (through ONNX Runtime,
 * the serving tagger's batching, windows and Viterbi) must reproduce with no false positive and
 * no false negative; for a fine-tuned BERT and for a BiLSTM student alike. The int8 export of the
 * same model loads and runs.
 */
class ExportedBundleTest {

    private static final String FIXTURE = """
            Anna NNP B-NP B-PER
            lives VBZ B-VP O
            in IN B-PP O
            Berlin NNP B-NP B-LOC
            . . O O

            John NNP B-NP B-PER
            Smith NNP I-NP I-PER
            visited VBD B-VP O
            New NNP B-NP B-LOC
            York NNP I-NP I-LOC
            for IN B-PP O
            Siemens NNP B-NP B-ORG
            AG NNP I-NP I-ORG

            Rain NN B-NP O
            fell VBD B-VP O
            in IN B-PP O
            Paris NNP B-NP B-LOC
            during IN B-PP O
            the DT B-NP O
            French JJ I-NP B-MISC
            Open NNP I-NP I-MISC

            Mary NNP B-NP B-PER
            smiled VBD B-VP O
            at IN B-PP O
            Reuters NNP B-NP B-ORG

            They PRP B-NP O
            met VBD B-VP O
            Peter NNP B-NP B-PER
            in IN B-PP O
            Rome NNP B-NP B-LOC
            """;

    /** The MiniLM tokenizer the Maven build unpacks; the test is skipped without it. */
    private static Path tokenizer() {
        Path tokenizer = Path.of(System.getProperty("nerco.encoders.home", "target/encoders"),
                "all-minilm-l6-v2", "all-minilm-l6-v2-tokenizer.json");
        assumeTrue(Files.exists(tokenizer), "MiniLM tokenizer not unpacked at " + tokenizer + " (run the Maven build)");
        return tokenizer;
    }

    /**
     * A tagging-only run of a tiny random BERT on the fixture; {@code withDev}: scored on the
     * fixture itself after each epoch.
     */
    private static TrainConfig tinyRun(Path dir, Path data, boolean withDev, int epochs) throws IOException {
        return tinyRun(dir, data, withDev, epochs, null);
    }

    /** As above; with {@code lstm}, a BiLSTM student over the tiny BERT's embeddings is trained instead. */
    private static TrainConfig tinyRun(Path dir, Path data, boolean withDev, int epochs, TrainConfig.LstmShape lstm)
            throws IOException {
        Path encoder = dir.resolve("tiny-bert.onnx");
        BertEncoderGraph.build(RandomBert.weights(30522, 32, 2, 64, 512), 2, 1e-12f).write(encoder);
        float encoderLr = lstm == null ? 3e-3f : 3e-2f; // a student from scratch, not a fine-tuned encoder
        return new TrainConfig(data, withDev ? data : null, encoder, tokenizer(), 2, false, true, 0, epochs, 2,
                3e-2f, encoderLr, 1e-3f, 0f, 0.1f, 0.01f, 1f, 0.07f, 0.1f, 13, 128, dir.resolve("ckpt"), 1000, null, 0f,
                lstm, lstm != null);
    }

    @Test
    void withoutADevSetTheLatestTaggingEpochIsKeptForExport(@TempDir Path dir) throws Exception {
        Path data = Files.writeString(dir.resolve("tiny.conll"), FIXTURE);
        try (Trainer trainer = new Trainer(tinyRun(dir, data, false, 2), false)) {
            trainer.run(Long.MAX_VALUE);
        }

        // MSRA has no dev split; before this, such a run trained to the end and then failed to export
        assertThat(dir.resolve("ckpt/best/state.json")).exists();
        assertThat(Checkpoints.state(dir.resolve("ckpt/best")).bestStep())
                .isEqualTo(Checkpoints.state(dir.resolve("ckpt/latest")).globalStep());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"bert", "bilstm"})
    void theExportedBundleReproducesTheDjlModelsTags(String architecture, @TempDir Path dir) throws Exception {
        Path tokenizer = tokenizer();
        Path data = Files.writeString(dir.resolve("tiny.conll"), FIXTURE);
        boolean lstm = architecture.equals("bilstm");
        TrainConfig config = tinyRun(dir, data, true, lstm ? 8 : 4, lstm ? new TrainConfig.LstmShape(16, 12, 2) : null);
        Path encoder = config.encoderOnnx();

        List<List<String>> djlTags;
        List<String> labels;
        EncoderConfig shape;
        try (Trainer trainer = new Trainer(config, false)) {
            trainer.run(Long.MAX_VALUE);
            labels = trainer.labels().labels();
            shape = trainer.model().params().config();
            List<TaggedSentence> sentences = ConllFiles.read(data).sentences();
            try (SubwordAligner aligner = new SubwordAligner(tokenizer); NDManager m = NDManager.newBaseManager("PyTorch")) {
                List<EncodedSentence> encoded = new ArrayList<>();
                for (int i = 0; i < sentences.size(); i++) {
                    encoded.add(aligner.encode(i, sentences.get(i), trainer.labels(), 512));
                }
                djlTags = trainer.model().tag(encoded, m, 3);
            }
            Path predicted = dir.resolve("djl-predicted.conll");
            StringBuilder conll = new StringBuilder();
            for (int i = 0; i < sentences.size(); i++) {
                for (int w = 0; w < sentences.get(i).words().size(); w++) {
                    conll.append(sentences.get(i).words().get(w)).append(" X X ").append(djlTags.get(i).get(w)).append('\n');
                }
                conll.append('\n');
            }
            Files.writeString(predicted, conll);

            BundleManifest metadata = new BundleManifest(1, "tiny", "1", "en", labels, "BIO", 128, true, "fp32", null,
                    Map.of(), Map.of(), Map.of(), null);
            Path bundle = dir.resolve("bundle");
            BundleExport.export(dir.resolve("ckpt/latest"), encoder, tokenizer, labels, shape, metadata, bundle,
                    BundleWriter.Precision.FP32);

            try (OnnxTagger tagger = Taggers.open(bundle)) {
                EvalCounts counts = new TaggerEvaluation(tagger, 4)
                        .evaluate(new ConllToLabeled(2).convert(ConllReader.detecting().read(predicted)));
                assertThat(counts.overall().truePositives()).as("the DJL model predicts some entities").isPositive();
                assertThat(counts.overall().falsePositives()).isZero();
                assertThat(counts.overall().falseNegatives()).isZero();
            }

            // the int8 export of the project-written graph quantizes and runs under ONNX Runtime
            Path int8 = dir.resolve("bundle-int8");
            BundleExport.export(dir.resolve("ckpt/latest"), encoder, tokenizer, labels, shape, metadata, int8,
                    BundleWriter.Precision.INT8);
            assertThat(OnnxModelFile.read(int8.resolve("encoder.onnx")).nodes().stream()
                    .filter(n -> n.opType().equals("DynamicQuantizeMatMul")).count())
                    .as("six linear layers in each of two layers; an LSTM's gates stay float").isEqualTo(lstm ? 0 : 12);
            try (OnnxTagger tagger = Taggers.open(int8)) {
                assertThat(tagger.tagAll(List.of("Anna lives in Berlin .", "Rain fell in Paris ."))).hasSize(2);
            }
        }
    }
}
