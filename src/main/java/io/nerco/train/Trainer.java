package io.nerco.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import io.nerco.distil.CrfPosterior;
import io.nerco.distil.TaughtSentence;
import io.nerco.distil.TeacherLabels;
import io.nerco.onnx.BertWeights;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs NerCo training: the contrastive stage on the encoder, then the tagging stage (head and
 * CRF on a frozen encoder for part of the first epoch, then everything, the encoder at its own
 * smaller rate). Either stage can be switched off, so the same code trains the plain
 * fine-tuning baseline. Checkpoints to {@code checkpointDir/latest} and resumes from it exactly;
 * the best dev F1 parameters (without a dev set, the latest tagging epoch's) go to
 * {@code checkpointDir/best}.
 *
 * <p>Owns one NDManager for parameters and optimiser state, closed by {@link #close()}. Every
 * step runs in a sub-manager and an {@link NDScope}. Not thread-safe.
 */
public final class Trainer implements AutoCloseable {

    static final int STAGE_CONTRASTIVE = 0;
    static final int STAGE_TAGGING = 1;
    private static final int PROGRESS_EVERY = 25;

    private final TrainConfig config;
    private final NDManager manager;
    private final TrainingLog log;
    private final LabelSet labels;
    private final List<TaggedSentence> devGold;
    private final List<EncodedSentence> dev;
    private final BatchPlan plan;
    private final NercoModel model;
    private final AdamW optimizer;
    private final ContrastiveLoss contrastive;
    /** Per training sentence, the teacher's emission row of each word (student label order); null without a teacher. */
    private final List<float[][]> teacherEmissions;
    private final CrfPosterior teacherPosterior;
    private TrainingState state;

    /**
     * Prepares a run: reads and encodes data, initialises from the pretrained encoder or, with
     * {@code resume}, from {@code checkpointDir/latest}.
     */
    public Trainer(TrainConfig config, boolean resume) throws IOException {
        this(config, resume, null);
    }

    /** As above; {@code encoderOverride} (tests: a random tiny encoder) replaces the ONNX file when not null. */
    Trainer(TrainConfig config, boolean resume, ModelParameters encoderOverride) throws IOException {
        this.config = config;
        this.log = new TrainingLog(config.logFile());
        this.manager = Engine.getEngine("PyTorch").newBaseManager();
        List<TaggedSentence> train;
        if (TeacherLabels.isTeacherLabels(config.train())) {
            TeacherLabels taught = TeacherLabels.read(config.train());
            train = taught.sentences().stream().map(s -> new TaggedSentence(s.words(), s.tags())).toList();
            this.labels = LabelSet.ofTypes(taught.labels().stream().filter(l -> !l.equals("O"))
                    .map(l -> l.substring(2)).distinct().sorted().toList());
            TeacherLabels ordered = taught.reordered(labels.labels());
            this.teacherEmissions = ordered.sentences().stream().map(TaughtSentence::emissions).toList();
            this.teacherPosterior = new CrfPosterior(labels.labels(), ordered.crf());
            long gold = taught.sentences().stream().filter(TaughtSentence::gold).count();
            log.line("read %s: teacher %s, %d sentences with gold tags and %d with the teacher's; distillation weight %.2f",
                    config.train(), taught.teacher(), gold, train.size() - gold, config.distilWeight());
        } else {
            ConllFiles.Read trainFile = ConllFiles.read(config.train());
            train = trainFile.sentences();
            log.line("read %s as %s%s", config.train(), trainFile.scheme(), trainFile.repairs() == 0 ? ""
                    : ", " + trainFile.repairs() + " chunk-initial I- tags repaired to B-");
            this.labels = LabelSet.of(train);
            this.teacherEmissions = null;
            this.teacherPosterior = null;
        }
        this.devGold = config.dev() == null ? List.of() : ConllFiles.read(config.dev()).sentences();

        ModelParameters params;
        BertWeights pretrained = null;
        if (encoderOverride != null) {
            params = encoderOverride;
        } else {
            pretrained = PretrainedEncoder.read(config.encoderOnnx());
            EncoderConfig shape = config.lstm() == null
                    ? PretrainedEncoder.configOf(pretrained, config.heads(), config.dropout())
                    : PretrainedEncoder.lstmConfigOf(pretrained, config.lstm(), config.dropout());
            params = ModelParameters.random(manager, shape, labels.size(), config.seed());
            log.line("encoder %s from %s", shape, config.encoderOnnx());
        }
        this.model = new NercoModel(params, labels);
        this.optimizer = new AdamW(manager, params, config.weightDecay(), config.maxGradNorm(),
                config.lazyTable() ? Set.of(EncoderConfig.WORD_TABLE) : Set.of());
        this.contrastive = new ContrastiveLoss(config.temperature());

        Path latest = config.checkpointDir().resolve("latest");
        if (resume && Files.exists(latest.resolve("state.json"))) {
            state = Checkpoints.state(latest);
            restore(latest);
            log.line("resumed from %s at stage %d epoch %d batch %d (step %d)", latest, state.stage(), state.epoch(),
                    state.batch(), state.globalStep());
        } else {
            if (pretrained != null) {
                PretrainedEncoder.load(pretrained, params);
            }
            state = new TrainingState(config.contrastive() ? STAGE_CONTRASTIVE : STAGE_TAGGING, 0, 0, 0,
                    config.seed(), -1, -1, Map.of(), List.of());
        }

        int maxPositions = params.config().maxPositions();
        try (SubwordAligner aligner = new SubwordAligner(config.tokenizerJson())) {
            List<EncodedSentence> encoded = new ArrayList<>();
            for (int i = 0; i < train.size(); i++) {
                encoded.add(aligner.encode(i, train.get(i), labels, config.maxLength()));
            }
            log.line("train %s: %d sentences, %d cut to %d subwords (training only), %d words unlabelled",
                    config.train(), train.size(), aligner.truncatedSentences(), config.maxLength(), aligner.droppedWords());
            this.plan = new BatchPlan(encoded, config.batchSize());
            List<EncodedSentence> devEncoded = new ArrayList<>();
            int before = aligner.droppedWords();
            for (int i = 0; i < devGold.size(); i++) {
                devEncoded.add(aligner.encode(i, devGold.get(i), labels, maxPositions));
            }
            this.dev = devEncoded;
            if (!devGold.isEmpty()) {
                log.line("dev %s: %d sentences, %d words without subwords (tagged O)", config.dev(), devGold.size(),
                        aligner.droppedWords() - before);
            }
        }
        log.line("labels %s; %d batches of %d per epoch", labels.labels(), plan.batchesPerEpoch(), config.batchSize());
    }

    private void restore(Path folder) throws IOException {
        try (NDManager tmp = manager.newSubManager()) {
            NDList saved = Checkpoints.read(folder.resolve("params.ndlist"), tmp);
            for (NDArray a : saved) {
                model.params().assign(a.getName(), a.toFloatArray());
            }
            Path opt = folder.resolve("optimizer.ndlist");
            if (Files.exists(opt)) {
                optimizer.restore(Checkpoints.read(opt, tmp), state.optimizerSteps());
            }
        }
    }

    /** Trains to the end of the configured schedule, or until {@code maxSteps} more steps (tests); returns the state. */
    public TrainingState run(long maxSteps) throws IOException {
        long stepsThisRun = 0;
        int batchesPerEpoch = plan.batchesPerEpoch();
        for (int stage = state.stage(); stage <= STAGE_TAGGING; stage++) {
            if ((stage == STAGE_CONTRASTIVE && !config.contrastive()) || (stage == STAGE_TAGGING && !config.tagging())) {
                continue;
            }
            int epochs = stage == STAGE_CONTRASTIVE ? config.contrastiveEpochs() : config.epochs();
            int startEpoch = stage == state.stage() ? state.epoch() : 0;
            for (int epoch = startEpoch; epoch < epochs; epoch++) {
                List<Batch> batches = plan.epoch(config.seed(), stage, epoch);
                int startBatch = stage == state.stage() && epoch == state.epoch() ? state.batch() : 0;
                long started = System.nanoTime();
                double lossSum = 0;
                int lossCount = 0;
                for (int b = startBatch; b < batches.size(); b++) {
                    if (stepsThisRun >= maxSteps) {
                        return state;
                    }
                    long stageStep = (long) epoch * batchesPerEpoch + b;
                    float loss = step(stage, stageStep, (long) epochs * batchesPerEpoch, batches.get(b));
                    stepsThisRun++;
                    if (Float.isFinite(loss)) {
                        lossSum += loss;
                        lossCount++;
                    }
                    boolean epochDone = b + 1 == batches.size();
                    state = new TrainingState(epochDone ? stage : stage, epochDone ? epoch + 1 : epoch,
                            epochDone ? 0 : b + 1, state.globalStep() + 1, config.seed(), state.bestDevF1(),
                            state.bestStep(), optimizer.stepCounts(), state.history());
                    if ((b + 1) % PROGRESS_EVERY == 0 || epochDone) {
                        double secs = (System.nanoTime() - started) / 1e9;
                        int done = b + 1 - startBatch;
                        double perStep = secs / done;
                        log.line("%s epoch %d/%d batch %d/%d step %d loss %.4f (mean since epoch start/resume) "
                                        + "%.3f s/step, epoch ETA %s, heap %d MB",
                                stage == STAGE_CONTRASTIVE ? "contrastive" : "tagging", epoch + 1, epochs, b + 1,
                                batches.size(), state.globalStep(), lossSum / Math.max(1, lossCount), perStep,
                                duration(perStep * (batches.size() - b - 1)),
                                (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) >> 20);
                    }
                    if (epochDone && stage == STAGE_TAGGING) {
                        evaluate(epoch + 1);
                    }
                    if (epochDone || state.globalStep() % config.checkpointEvery() == 0) {
                        checkpoint();
                    }
                }
            }
            if (stage == STAGE_CONTRASTIVE) {
                state = new TrainingState(STAGE_TAGGING, 0, 0, state.globalStep(), config.seed(), state.bestDevF1(),
                        state.bestStep(), optimizer.stepCounts(), state.history());
            }
        }
        checkpoint();
        return state;
    }

    /** One optimiser step; returns the loss. */
    private float step(int stage, long stageStep, long stageSteps, Batch batch) {
        // reseeding from the step makes dropout independent of where a run was resumed
        JniUtils.setSeed(config.seed() * 31 + state.globalStep());
        Map<ModelParameters.Group, Float> rates = new LinkedHashMap<>();
        List<String> names;
        boolean frozen = false;
        long warmup;
        if (stage == STAGE_CONTRASTIVE) {
            warmup = (long) (config.warmupFraction() * stageSteps);
            rates.put(ModelParameters.Group.ENCODER,
                    new LearningRateSchedule(config.contrastiveLr(), warmup, stageSteps).at(stageStep));
            names = model.params().names(ModelParameters.Group.ENCODER);
        } else {
            long frozenSteps = (long) (config.frozenFraction() * plan.batchesPerEpoch());
            frozen = stageStep < frozenSteps;
            rates.put(ModelParameters.Group.HEAD, new LearningRateSchedule(config.headLr(),
                    (long) (config.warmupFraction() * stageSteps), stageSteps).at(stageStep));
            long encoderSteps = Math.max(1, stageSteps - frozenSteps);
            rates.put(ModelParameters.Group.ENCODER, frozen ? 0f : new LearningRateSchedule(config.encoderLr(),
                    (long) (config.warmupFraction() * encoderSteps), encoderSteps).at(stageStep - frozenSteps));
            names = frozen ? model.params().names(ModelParameters.Group.HEAD) : model.params().names();
        }
        try (NDManager m = manager.newSubManager(); NDScope scope = new NDScope()) {
            NDArray ids = batch.inputIds(m);
            NDArray mask = batch.attentionMask(m);
            NDArray frozenHidden = frozen ? model.encoder().forward(ids, mask, false) : null;
            float lossValue;
            try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
                NDArray loss;
                if (stage == STAGE_CONTRASTIVE) {
                    NDArray hidden = model.encoder().forward(ids, mask, true);
                    NDArray vectors = rows(hidden, batch.flatLabelledPositions(m));
                    loss = contrastive.loss(vectors, batch.classes(labels));
                } else {
                    NDArray hidden = frozen ? frozenHidden : model.encoder().forward(ids, mask, true);
                    NDArray words = TaggingHead.gatherWords(hidden, batch.flatWordPositions(m));
                    loss = model.crf().nll(model.head().emissions(words), tagTargets(batch));
                }
                lossValue = loss.getFloat();
                gc.backward(loss);
            }
            NDArray rows = config.lazyTable() ? m.create(Arrays.stream(ids.toLongArray()).distinct().toArray()) : null;
            AdamW.Outcome outcome = optimizer.step(names, rates, rows);
            if (!outcome.applied()) {
                log.line("step %d skipped: gradient norm %s (batch of %d sentences, %d subwords)",
                        state.globalStep(), outcome.gradNorm(), batch.size(), batch.seq());
            }
            return lossValue;
        }
    }

    /** The batch's tags, mixed with the teacher's posterior over the same words when there is a teacher. */
    private CrfTargets tagTargets(Batch batch) {
        CrfTargets tags = CrfTargets.gold(batch.labels(), batch.words(), labels.size());
        if (teacherEmissions == null || config.distilWeight() == 0) {
            return tags;
        }
        List<CrfPosterior.Marginals> posteriors = new ArrayList<>(batch.size());
        for (EncodedSentence s : batch.sentences()) {
            float[][] all = teacherEmissions.get(s.index());
            float[][] rows = new float[s.words().length][];
            for (int k = 0; k < rows.length; k++) {
                rows[k] = all[s.words()[k]];
            }
            posteriors.add(teacherPosterior.of(rows));
        }
        return tags.mixedWith(CrfTargets.posterior(posteriors, batch.words(), labels.size()), config.distilWeight());
    }

    private static NDArray rows(NDArray hidden, NDArray flatPositions) {
        long width = hidden.getShape().get(2);
        NDArray flat = hidden.reshape(-1, width);
        return flatPositions.getNDArrayInternal().embedding(flatPositions, flat,
                ai.djl.ndarray.types.SparseFormat.DENSE).singletonOrThrow();
    }

    private void evaluate(int epoch) throws IOException {
        if (dev.isEmpty()) { // nothing to choose by: the latest tagging epoch is the one kept and exported
            state = new TrainingState(state.stage(), state.epoch(), state.batch(), state.globalStep(), state.seed(),
                    state.bestDevF1(), state.globalStep(), state.optimizerSteps(), state.history());
            log.line("no dev set: keeping tagging epoch %d as the model", epoch);
            Checkpoints.save(config.checkpointDir().resolve("best"), model.params(), null, state);
            return;
        }
        long started = System.nanoTime();
        ChunkScore score = model.score(devGold, dev, manager);
        double f1 = score.f1();
        List<Map<String, Object>> history = new ArrayList<>(state.history());
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("epoch", epoch);
        entry.put("step", state.globalStep());
        entry.put("devPrecision", score.precision());
        entry.put("devRecall", score.recall());
        entry.put("devF1", f1);
        entry.put("devF1ByType", score.f1ByType());
        history.add(entry);
        boolean best = f1 > state.bestDevF1();
        state = new TrainingState(state.stage(), state.epoch(), state.batch(), state.globalStep(), state.seed(),
                best ? f1 : state.bestDevF1(), best ? state.globalStep() : state.bestStep(), state.optimizerSteps(),
                history);
        log.line("dev after tagging epoch %d: P %.4f R %.4f F1 %.4f %s (%.0f s)%s", epoch, score.precision(),
                score.recall(), f1, score.f1ByType(), (System.nanoTime() - started) / 1e9, best ? " best so far" : "");
        if (best) {
            Checkpoints.save(config.checkpointDir().resolve("best"), model.params(), null, state);
        }
    }

    private void checkpoint() throws IOException {
        long started = System.nanoTime();
        Checkpoints.save(config.checkpointDir().resolve("latest"), model.params(), optimizer, state);
        log.line("checkpoint at step %d (%.1f s)", state.globalStep(), (System.nanoTime() - started) / 1e9);
    }

    private static String duration(double seconds) {
        long s = Math.round(seconds);
        return String.format("%dm%02ds", s / 60, s % 60);
    }

    public NercoModel model() {
        return model;
    }

    public LabelSet labels() {
        return labels;
    }

    public TrainingState state() {
        return state;
    }

    NDManager manager() {
        return manager;
    }

    @Override
    public void close() {
        manager.close();
        log.close();
    }
}
