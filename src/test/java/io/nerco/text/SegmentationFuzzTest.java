package io.nerco.text;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import io.nerco.model.FixtureBundle;
import java.util.List;

/**
 * Fuzzes segmentation and subword alignment with arbitrary strings (controls, any script,
 * surrogates). Without {@code JAZZER_FUZZ} it replays the committed seeds (raw bytes) in
 * {@code src/test/resources/io/nerco/text/SegmentationFuzzTestInputs/}; see
 * docs/reliability.md for a real fuzzing run.
 */
class SegmentationFuzzTest {
    private static final NewsSegmenter SEGMENTER = new NewsSegmenter();
    private static SubwordEncoder encoder;

    @FuzzTest(maxDuration = "10s")
    void tokenOffsetsSliceBackToTheTokenTextInOrder(FuzzedDataProvider data) {
        String text = data.consumeRemainingAsString();
        int previousEnd = 0;
        for (Sentence sentence : SEGMENTER.segment(text)) {
            assertThat(sentence.start()).isGreaterThanOrEqualTo(previousEnd);
            assertThat(sentence.end()).isLessThanOrEqualTo(text.length());
            for (Token token : sentence.tokens()) {
                assertThat(token.start()).isGreaterThanOrEqualTo(previousEnd).isGreaterThanOrEqualTo(sentence.start());
                assertThat(token.end()).isGreaterThan(token.start()).isLessThanOrEqualTo(sentence.end());
                assertThat(text.substring(token.start(), token.end())).isEqualTo(token.text());
                previousEnd = token.end();
            }
        }
    }

    @FuzzTest(maxDuration = "10s")
    void everyWordMapsToItsOwnSubwordsInOrder(FuzzedDataProvider data) {
        String text = data.consumeRemainingAsString();
        for (Sentence sentence : SEGMENTER.segment(text)) {
            List<String> words = sentence.tokens().stream().map(Token::text).toList();
            EncodedSentence encoded = encoder().encode(words);
            assertThat(encoded.firstSubword()).hasSize(words.size());
            int last = -1;
            for (int first : encoded.firstSubword()) {
                assertThat(first).isLessThan(encoded.ids().length);
                if (first >= 0) {
                    assertThat(first).isGreaterThan(last);
                    last = first;
                }
            }
        }
    }

    private static synchronized SubwordEncoder encoder() {
        if (encoder == null) {
            encoder = SubwordEncoder.open(FixtureBundle.tokenizer());
        }
        return encoder;
    }
}
