package io.nerco.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.nerco.model.CascadeTagger;
import io.nerco.model.Entity;
import io.nerco.model.FixtureBundle;
import io.nerco.model.ModelId;
import io.nerco.model.OnnxTagger;
import io.nerco.model.Tagger;
import io.nerco.model.Taggers;
import io.nerco.text.SegmentedText;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TaggerCalibrationTest {

    /** Takes 20 microseconds a character, as a model does, in proportion to the text. */
    private static final class ProportionalTagger implements Tagger {
        final List<Integer> lengths = new ArrayList<>();

        @Override
        public List<List<Entity>> tagAll(List<String> texts) {
            for (String text : texts) {
                lengths.add(text.length());
                long until = System.nanoTime() + text.length() * 20_000L;
                while (System.nanoTime() < until) {
                    LockSupport.parkNanos(until - System.nanoTime());
                }
            }
            return texts.stream().map(t -> List.<Entity>of()).toList();
        }

        @Override
        public List<List<Entity>> tagSegmented(List<SegmentedText> documents) {
            return tagAll(documents.stream().map(SegmentedText::text).toList());
        }

        @Override
        public ModelId modelId() {
            return new ModelId("proportional", "test");
        }

        @Override
        public void close() {}
    }

    @Test
    void theProbeIsAThousandHanCharactersOneSubwordEach() {
        String probe = TaggerCalibration.probe();
        assertThat(probe).hasSize(TaggerCalibration.PROBE_CHARS);
        assertThat(probe.codePoints().filter(cp -> Character.UnicodeScript.of(cp) == Character.UnicodeScript.HAN).count())
                .isGreaterThan(900);
    }

    @Test
    void theEstimateScalesTheProbeToTheLongestTextWithASafetyFactor() {
        ProportionalTagger tagger = new ProportionalTagger();
        // 20 us a char: 20,000 chars take 400 ms, doubled for a busier machine
        long estimate = TaggerCalibration.worstCaseEventMs(tagger, 20_000);
        assertThat(tagger.lengths).as("a warm-up, then the probe").containsExactly(100, TaggerCalibration.PROBE_CHARS);
        assertThat(estimate).isGreaterThanOrEqualTo(800).isLessThan(8_000);
        TaggingSettings calibrated = TaggerCalibration.calibrated(TaggingSettings.defaults(), tagger);
        assertThat(calibrated.worstCaseEventMs()).isGreaterThanOrEqualTo(800);
        assertThat(calibrated.batchSize()).isEqualTo(TaggingSettings.DEFAULT_BATCH_SIZE);
    }

    @Test
    void aCascadeCountsAsBothItsModelsSinceAtWorstEverySentenceIsDeferred(@TempDir Path dir) throws Exception {
        ProportionalTagger accurate = new ProportionalTagger();
        try (OnnxTagger fast = Taggers.open(FixtureBundle.write(dir.resolve("fast"), 7))) {
            long fastAlone = TaggerCalibration.worstCaseEventMs(fast, 20_000);
            // a threshold of 0 defers nothing: the probe must still reach the accurate model
            long estimate = TaggerCalibration.worstCaseEventMs(new CascadeTagger(fast, accurate, 0), 20_000);
            assertThat(accurate.lengths).containsExactly(100, TaggerCalibration.PROBE_CHARS);
            assertThat(estimate).isGreaterThanOrEqualTo(800 + fastAlone / 2);
        }
    }
}
