package io.nerco.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDManager;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run stopped after a checkpoint and resumed in a new trainer ends where an uninterrupted run ends. */
class CheckpointResumeTest {

    private static final String FIXTURE = """
            -DOCSTART- -X- -X- O

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

            Rain NN B-NP O
            fell VBD B-VP O
            in IN B-PP O
            Paris NNP B-NP B-LOC

            Mary NNP B-NP B-PER
            smiled VBD B-VP O

            They PRP B-NP O
            met VBD B-VP O
            Peter NNP B-NP B-PER
            in IN B-PP O
            Rome NNP B-NP B-LOC
            """;

    private static final BertConfig TINY = new BertConfig(30522, 32, 2, 2, 64, 512, 2, 1e-12f, 0.1f);

    @Test
    void resumedRunEqualsUninterruptedRun(@TempDir Path dir) throws Exception {
        Path tokenizer = Path.of(System.getProperty("nerco.encoders.home", "target/encoders"),
                "all-minilm-l6-v2", "all-minilm-l6-v2-tokenizer.json");
        assumeTrue(Files.exists(tokenizer), "MiniLM tokenizer not unpacked at " + tokenizer + " (run the Maven build)");
        Path data = dir.resolve("tiny.conll");
        Files.writeString(data, FIXTURE);

        float[] straight = train(config(data, tokenizer, dir.resolve("a")), 0, Long.MAX_VALUE);
        TrainConfig interrupted = config(data, tokenizer, dir.resolve("b"));
        train(interrupted, 0, 3);
        float[] resumed = train(interrupted, 1, Long.MAX_VALUE);

        assertThat(resumed).containsExactly(straight, org.assertj.core.data.Offset.offset(1e-6f));
    }

    private static float[] train(TrainConfig config, int resume, long steps) throws Exception {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            ModelParameters p = ModelParameters.random(m, TINY, 5, 7);
            try (Trainer trainer = new Trainer(config, resume == 1, p)) {
                TrainingState state = trainer.run(steps);
                if (steps != Long.MAX_VALUE) {
                    assertThat(state.globalStep()).isEqualTo(steps);
                } else {
                    assertThat(state.globalStep()).isEqualTo(9); // 3 batches: 1 contrastive + 2 tagging epochs
                    assertThat(state.history()).hasSize(2);
                }
                return p.values("encoder.layer.1.output.dense.weight").clone();
            }
        }
    }

    private static TrainConfig config(Path data, Path tokenizer, Path checkpoints) {
        return new TrainConfig(data, data, null, tokenizer, 2, true, true, 1, 2, 2,
                1e-2f, 1e-3f, 1e-3f, 0.5f, 0.1f, 0.01f, 1f, 0.07f, 0.1f, 13, 128, checkpoints, 1, null, 0f);
    }
}
