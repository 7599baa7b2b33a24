package io.nerco.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import ai.djl.training.GradientCollector;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Lazy row updates of a looked-up table against the dense AdamW step. */
class AdamWTest {

    private static final String TABLE = "embeddings.word_embeddings.weight";
    private static final LstmConfig TINY = new LstmConfig(12, 4, 3, 2, 1, 16, 0f);
    private static final Map<ModelParameters.Group, Float> RATES =
            Map.of(ModelParameters.Group.ENCODER, 0.1f, ModelParameters.Group.HEAD, 0.1f);

    @Test
    void aLazyStepMatchesTheDenseStepOnTheRowsUsedAndLeavesTheOthersAlone() {
        try (NDManager m = NDManager.newBaseManager("PyTorch")) {
            ModelParameters dense = ModelParameters.random(m, TINY, 2, 3);
            ModelParameters lazy = ModelParameters.random(m, TINY, 2, 3);
            AdamW denseOptimizer = new AdamW(m, dense, 0f, 1f); // dense decay would move every row
            AdamW lazyOptimizer = new AdamW(m, lazy, 0f, 1f, Set.of(TABLE));
            float[] before = lazy.values(TABLE);

            long[] firstRows = {1, 5, 7};
            step(dense, denseOptimizer, m, firstRows, false);
            step(lazy, lazyOptimizer, m, firstRows, true);
            assertThat(lazy.values(TABLE)).containsExactly(dense.values(TABLE), within(1e-6f));

            // the second batch uses other rows: dense momentum moves rows 1, 5, 7 again, the lazy step does not
            long[] secondRows = {2, 5};
            step(dense, denseOptimizer, m, secondRows, false);
            step(lazy, lazyOptimizer, m, secondRows, true);
            float[] after = lazy.values(TABLE);
            float[] denseAfter = dense.values(TABLE);
            int width = TINY.embeddingWidth();
            for (int row = 0; row < TINY.vocabSize(); row++) {
                for (int i = 0; i < width; i++) {
                    int k = row * width + i;
                    if (row == 1 || row == 7) {
                        assertThat(after[k]).as("row %d keeps its first-step value", row).isNotEqualTo(denseAfter[k]);
                    } else if (row != 5 && row != 2) {
                        assertThat(after[k]).as("row %d was never used", row).isEqualTo(before[k]);
                    }
                }
            }
            assertThat(lazy.values("embeddings.projection.weight"))
                    .containsExactly(dense.values("embeddings.projection.weight"), within(1e-6f));
        }
    }

    /** A loss over the given rows of the table through the projection, and one optimiser step. */
    private static void step(ModelParameters p, AdamW optimizer, NDManager m, long[] rows, boolean lazy) {
        try (NDManager step = m.newSubManager()) {
            NDArray ids = step.create(rows, new Shape(1, rows.length));
            try (GradientCollector gc = Engine.getEngine("PyTorch").newGradientCollector()) {
                NDArray looked = ids.getNDArrayInternal().embedding(ids, p.get(TABLE), SparseFormat.DENSE).singletonOrThrow();
                NDArray projected = looked.matMul(p.get("embeddings.projection.weight").transpose());
                gc.backward(projected.square().sum());
            }
            List<String> names = List.of(TABLE, "embeddings.projection.weight");
            AdamW.Outcome outcome = optimizer.step(names, RATES, lazy ? step.create(rows) : null);
            assertThat(outcome.applied()).isTrue();
        }
    }
}
