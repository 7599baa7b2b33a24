package io.nerco.train;

import java.nio.file.Path;

/**
 * Everything a training run depends on. Immutable.
 *
 * @param train              CoNLL training file (IOB2)
 * @param dev                CoNLL dev file, scored after each tagging epoch; null to skip
 * @param encoderOnnx        pretrained BERT-style ONNX encoder (for an LSTM student, the source of its embeddings)
 * @param tokenizerJson      its tokenizer.json
 * @param heads              attention heads of the encoder (not recorded in ONNX weights)
 * @param contrastive        run the contrastive stage
 * @param tagging            run the tagging stage
 * @param contrastiveEpochs  epochs of the contrastive stage
 * @param epochs             epochs of the tagging stage
 * @param batchSize          sentences per batch
 * @param headLr             peak learning rate of the head and CRF
 * @param encoderLr          peak learning rate of the encoder in the tagging stage
 * @param contrastiveLr      peak learning rate of the encoder in the contrastive stage
 * @param frozenFraction     share of the first tagging epoch trained with the encoder frozen
 * @param warmupFraction     share of each schedule spent warming up
 * @param weightDecay        AdamW decay (not for biases, LayerNorm, CRF)
 * @param maxGradNorm        global gradient-norm clip
 * @param temperature        InfoNCE temperature
 * @param dropout            encoder dropout in training
 * @param seed               seed of initialisation, data order and dropout
 * @param maxLength          training sentences are cut to this many subwords
 * @param checkpointDir      where checkpoints go
 * @param checkpointEvery    steps between checkpoints (also at each epoch end)
 * @param logFile            progress log; null for stdout only
 * @param distilWeight       when {@code train} is a teacher-labels file ({@code nerco distil-labels}), the share
 *                           of the teacher's posterior in the tagging loss, the rest on the file's tags; 0 to 1
 * @param lstm               null to fine-tune the BERT encoder itself; else the shape of a bidirectional LSTM
 *                           student trained from scratch over the encoder's word-piece embeddings
 * @param lazyTable          update the word-piece table only in the rows each batch looked up (lazy Adam) instead
 *                           of all of it: faster steps for small students (a 2-layer BERT one 0.84 to 0.48 s), at a
 *                           slightly different optimiser
 */
public record TrainConfig(
        Path train, Path dev, Path encoderOnnx, Path tokenizerJson, int heads,
        boolean contrastive, boolean tagging, int contrastiveEpochs, int epochs, int batchSize,
        float headLr, float encoderLr, float contrastiveLr, float frozenFraction, float warmupFraction,
        float weightDecay, float maxGradNorm, float temperature, float dropout, long seed, int maxLength,
        Path checkpointDir, int checkpointEvery, Path logFile, float distilWeight, LstmShape lstm, boolean lazyTable) {

    /**
     * The layers and widths of an LSTM student; its embedding table and vocabulary come from the
     * pretrained encoder.
     *
     * @param input  width the word-piece embeddings are projected to
     * @param hidden state width per direction
     * @param layers stacked bidirectional layers
     */
    public record LstmShape(int input, int hidden, int layers) {

        public LstmShape {
            if (input <= 0 || hidden <= 0 || layers <= 0) {
                throw new IllegalArgumentException("LSTM widths and layers must be positive: " + this);
            }
        }
    }

    /** A run that fine-tunes the BERT encoder itself, updating all of it each step. */
    public TrainConfig(Path train, Path dev, Path encoderOnnx, Path tokenizerJson, int heads,
            boolean contrastive, boolean tagging, int contrastiveEpochs, int epochs, int batchSize,
            float headLr, float encoderLr, float contrastiveLr, float frozenFraction, float warmupFraction,
            float weightDecay, float maxGradNorm, float temperature, float dropout, long seed, int maxLength,
            Path checkpointDir, int checkpointEvery, Path logFile, float distilWeight) {
        this(train, dev, encoderOnnx, tokenizerJson, heads, contrastive, tagging, contrastiveEpochs, epochs, batchSize,
                headLr, encoderLr, contrastiveLr, frozenFraction, warmupFraction, weightDecay, maxGradNorm, temperature,
                dropout, seed, maxLength, checkpointDir, checkpointEvery, logFile, distilWeight, null, false);
    }

    public TrainConfig {
        if (!contrastive && !tagging) {
            throw new IllegalArgumentException("at least one stage must run");
        }
        if (batchSize <= 0 || maxLength < 8 || checkpointEvery <= 0) {
            throw new IllegalArgumentException("batch size, max length (>= 8) and checkpoint interval must be positive");
        }
        if (!(distilWeight >= 0 && distilWeight <= 1)) {
            throw new IllegalArgumentException("the distillation weight must be between 0 and 1: " + distilWeight);
        }
    }
}
