package io.nerco.cli;

import io.nerco.convert.EncoderDescription;
import io.nerco.distil.TeacherLabels;
import io.nerco.distil.TeacherLabelsFormatException;
import io.nerco.eval.ConllFormatException;
import io.nerco.model.BundleManifest;
import io.nerco.onnx.BundleWriter;
import io.nerco.train.BundleExport;
import io.nerco.train.Checkpoints;
import io.nerco.train.EncoderConfig;
import io.nerco.train.LstmConfig;
import io.nerco.train.TrainConfig;
import io.nerco.train.Trainer;
import io.nerco.train.TrainingState;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code nerco train}: NerCo (contrastive, then tagging) or the plain fine-tuning baseline
 * (tagging only) on CoNLL files, with checkpoints, resume and export of the best model as a bundle.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a NerCo tagger (or the plain fine-tuning baseline) and export a model bundle.")
public final class TrainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--train", required = true,
            description = "CoNLL training file (4 columns, or 2 for char data; IOB2, IOB1 or BIOES, converted to IOB2), "
                    + "or a teacher-labels file from nerco distil-labels (the student's data, with its teacher's emissions).")
    Path train;

    @Option(names = "--distil-weight", defaultValue = "0.5",
            description = "With a teacher-labels file: share of the teacher's CRF posterior in the tagging loss, "
                    + "the rest on the file's tags (default ${DEFAULT-VALUE}; 0 trains on the tags alone).")
    float distilWeight;

    @Option(names = "--dev", description = "CoNLL dev file, scored after each tagging epoch; the best epoch is kept.")
    Path dev;

    @Option(names = "--encoder", required = true,
            description = "Pretrained BERT-style ONNX encoder, or a folder with one *.onnx and *tokenizer.json.")
    Path encoder;

    @Option(names = "--tokenizer", description = "tokenizer.json (default: found beside the encoder).")
    Path tokenizer;

    @Option(names = "--heads", defaultValue = "12", description = "Attention heads of the encoder (default ${DEFAULT-VALUE}).")
    int heads;

    /** What is trained on top of the tokenizer. */
    enum Architecture { bert, bilstm }

    @Option(names = "--architecture", defaultValue = "bert",
            description = "bert: fine-tune the encoder itself; bilstm: train a bidirectional LSTM student from scratch over "
                    + "the encoder's word-piece embeddings (its other layers are not used). Default ${DEFAULT-VALUE}.")
    Architecture architecture;

    @Option(names = "--lazy-table", negatable = true,
            description = "Update the word-piece table only in the rows each batch looked up (lazy Adam) instead of all "
                    + "of it every step: faster steps for small students. Default: on for bilstm, off for bert.")
    Boolean lazyTable;

    @Option(names = "--lstm-input", defaultValue = "256",
            description = "bilstm: width the word-piece embeddings are projected to (default ${DEFAULT-VALUE}).")
    int lstmInput;

    @Option(names = "--lstm-hidden", defaultValue = "256",
            description = "bilstm: LSTM state width per direction (default ${DEFAULT-VALUE}).")
    int lstmHidden;

    @Option(names = "--lstm-layers", defaultValue = "2", description = "bilstm: bidirectional layers (default ${DEFAULT-VALUE}).")
    int lstmLayers;

    @Option(names = "--stages", defaultValue = "contrastive,tagging", split = ",",
            description = "Stages to run: contrastive,tagging (NerCo) or tagging (baseline). Default ${DEFAULT-VALUE}.")
    List<String> stages;

    @Option(names = "--epochs", defaultValue = "3", description = "Tagging epochs (default ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--contrastive-epochs", defaultValue = "1", description = "Contrastive epochs (default ${DEFAULT-VALUE}).")
    int contrastiveEpochs;

    @Option(names = "--batch-size", defaultValue = "32", description = "Sentences per batch (default ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--lr", defaultValue = "1e-3", description = "Peak rate of head and CRF (default ${DEFAULT-VALUE}).")
    float lr;

    @Option(names = "--encoder-lr", defaultValue = "1e-4", description = "Peak encoder rate in tagging (default ${DEFAULT-VALUE}).")
    float encoderLr;

    @Option(names = "--contrastive-lr", defaultValue = "5e-5", description = "Peak encoder rate in the contrastive stage (default ${DEFAULT-VALUE}).")
    float contrastiveLr;

    @Option(names = "--frozen-fraction", defaultValue = "0.3",
            description = "Share of the first tagging epoch with the encoder frozen (default ${DEFAULT-VALUE}).")
    float frozenFraction;

    @Option(names = "--temperature", defaultValue = "0.07", description = "InfoNCE temperature (default ${DEFAULT-VALUE}).")
    float temperature;

    @Option(names = "--seed", defaultValue = "13", description = "Seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--max-length", defaultValue = "128",
            description = "Training sentences are cut to this many subwords (default ${DEFAULT-VALUE}).")
    int maxLength;

    @Option(names = "--checkpoint-dir", required = true, description = "Checkpoint folder (latest/ and best/).")
    Path checkpointDir;

    @Option(names = "--checkpoint-every", defaultValue = "200", description = "Steps between checkpoints (default ${DEFAULT-VALUE}).")
    int checkpointEvery;

    @Option(names = "--resume", description = "Resume from checkpoint-dir/latest if present.")
    boolean resume;

    @Option(names = "--out", description = "Write the best model as a bundle folder here.")
    Path out;

    @Option(names = "--int8", description = "Also write an int8 bundle beside --out (<out>-int8).")
    boolean int8;

    @Option(names = "--name", defaultValue = "nerco-conll03-en", description = "Model name in the bundle (default ${DEFAULT-VALUE}).")
    String name;

    @Option(names = "--language", defaultValue = "en",
            description = "BCP 47 language of the training data, recorded in the bundle; serving routes by it (default ${DEFAULT-VALUE}).")
    String language;

    @Option(names = "--log", description = "Append progress lines to this file.")
    Path log;

    @Option(names = "--max-steps", defaultValue = "9223372036854775807", hidden = true,
            description = "Stop after this many steps in this process (smoke runs).")
    long maxSteps;

    @Option(names = "--export-only", description = "Skip training; write the best checkpoint of --checkpoint-dir as a bundle to --out.")
    private boolean exportOnly;

    private static final String COMMAND_FILE = "command.txt";

    /** The exact command line as picocli parsed it (also when run as {@code nerco train} through Main). */
    private String commandLine() {
        List<String> args = spec.commandLine().getParseResult().originalArgs();
        // through Main the original arguments start with the subcommand's own name
        if (!args.isEmpty() && args.getFirst().equals(spec.name())) {
            args = args.subList(1, args.size());
        }
        return "nerco train " + String.join(" ", args);
    }

    private void export(Trainer trainer, Path onnx, Path tok) throws IOException {
        TrainingState best = Checkpoints.state(checkpointDir.resolve("best"));
        Map<String, Object> training = new LinkedHashMap<>();
        training.put("data", train.toString());
        training.put("stages", String.join(",", stages));
        if (TeacherLabels.isTeacherLabels(train)) {
            training.put("distilWeight", distilWeight);
        }
        // the training run's own command line (saved in the checkpoint folder), and this one when it only exports
        Path trainingCommand = checkpointDir.resolve(COMMAND_FILE);
        training.put("command", Files.exists(trainingCommand) ? Files.readString(trainingCommand).strip() : commandLine());
        if (exportOnly) {
            training.put("exportCommand", commandLine());
        }
        training.put("bestStep", best.bestStep());
        training.put("seed", seed);
        Map<String, BundleManifest.Score> scores = Map.of(
                "dev", new BundleManifest.Score(Double.NaN, Double.NaN, best.bestDevF1(), null));
        EncoderDescription described = EncoderDescription.describe(onnx, tok);
        Map<String, String> encoderInfo = new LinkedHashMap<>();
        encoderInfo.put("base", onnx.getFileName().toString());
        encoderInfo.put("source", described.source());
        EncoderConfig trained = trainer.model().params().config();
        if (trained instanceof LstmConfig lstm) {
            encoderInfo.put("architecture", String.format("bidirectional LSTM, %d %s of %d per direction, over the base's "
                    + "word-piece embeddings projected to %d (its transformer layers are not used)", lstm.layers(),
                    lstm.layers() == 1 ? "layer" : "layers", lstm.hidden(), lstm.input()));
        } else if (described.layers() > 0) {
            encoderInfo.put("layers", described.layers() + " of " + described.of());
        }
        if (described.narrowed() && !(trained instanceof LstmConfig)) {
            encoderInfo.put("feedForward", described.feedForward() + " of " + described.ofFeedForward() + " neurons per layer");
        }
        BundleManifest metadata = new BundleManifest(1, name, "1", language, trainer.labels().labels(), "BIO", maxLength,
                described.lowercase(), "fp32", null, encoderInfo, training, scores, null);
        BundleExport.export(checkpointDir.resolve("best"), onnx, tok, trainer.labels().labels(), trained,
                metadata, out, BundleWriter.Precision.FP32);
        if (int8) {
            BundleExport.export(checkpointDir.resolve("best"), onnx, tok, trainer.labels().labels(), trained,
                    metadata, Path.of(out + "-int8"), BundleWriter.Precision.INT8);
        }
    }

    @Override
    public Integer call() throws Exception {
        for (String s : stages) {
            if (!s.equals("contrastive") && !s.equals("tagging")) {
                throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this),
                        "unknown stage " + s + "; use contrastive,tagging or tagging");
            }
        }
        Path onnx = Files.isDirectory(encoder) ? findOne(encoder, ".onnx") : encoder;
        Path tok = tokenizer != null ? tokenizer : findOne(onnx.toAbsolutePath().getParent(), "tokenizer.json");
        TrainConfig config = new TrainConfig(train, dev, onnx, tok, heads,
                stages.contains("contrastive"), stages.contains("tagging"), contrastiveEpochs, epochs, batchSize,
                lr, encoderLr, contrastiveLr, frozenFraction, 0.1f, 0.01f, 1.0f, temperature, 0.1f, seed, maxLength,
                checkpointDir, checkpointEvery, log, distilWeight,
                architecture == Architecture.bilstm ? new TrainConfig.LstmShape(lstmInput, lstmHidden, lstmLayers) : null,
                lazyTable != null ? lazyTable : architecture == Architecture.bilstm);
        try (Trainer trainer = new Trainer(config, resume || exportOnly)) {
            if (!exportOnly) {
                Files.createDirectories(checkpointDir);
                Files.writeString(checkpointDir.resolve(COMMAND_FILE), commandLine() + "\n");
                trainer.run(maxSteps);
            }
            if (out != null) {
                if (!Files.exists(checkpointDir.resolve("best/state.json"))) {
                    // a run stopped (--max-steps, or killed) before its first tagging epoch ended has no model yet
                    spec.commandLine().getErr().println("train: nothing to export yet: " + checkpointDir.resolve("best")
                            + " holds no model until a tagging epoch has ended; run the same command with --resume to go on");
                    return exportOnly ? 1 : 0;
                }
                export(trainer, onnx, tok);
            }
        } catch (ConllFormatException | TeacherLabelsFormatException e) {
            spec.commandLine().getErr().println("train: " + e.getMessage());
            return 1;
        }
        return 0;
    }

    private static Path findOne(Path folder, String suffix) throws IOException {
        try (var files = Files.list(folder)) {
            List<Path> found = files.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
            if (found.size() != 1) {
                throw new IllegalArgumentException("expected one *" + suffix + " in " + folder + ", found " + found);
            }
            return found.getFirst();
        }
    }

}
