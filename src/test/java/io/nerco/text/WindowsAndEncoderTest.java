package io.nerco.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class WindowsAndEncoderTest {

    static Path tokenizer() {
        return Path.of(System.getProperty("nerco.encoders.home", "target/encoders"), "all-minilm-l6-v2", "all-minilm-l6-v2-tokenizer.json");
    }

    @Test
    void windowsCoverEverySubwordAndPickTheMostCentral() {
        int[] first = new int[20];
        for (int i = 0; i < 20; i++) {
            first[i] = i;
        }
        EncodedSentence encoded = new EncodedSentence(new long[20], first);
        List<Windows.Window> windows = Windows.plan(encoded, 8);
        assertThat(windows.getFirst().start()).isZero();
        assertThat(windows.getLast().end()).isEqualTo(20);
        int[] assigned = new int[20];
        for (int w = 0; w < 20; w++) {
            assigned[w] = Windows.bestWindow(windows, first[w]);
        }
        for (int w = 0; w < 20; w++) {
            Windows.Window win = windows.get(assigned[w]);
            assertThat(w).isBetween(win.start(), win.end() - 1);
        }
        assertThat(windows.get(assigned[6]).start()).isEqualTo(4);
        assertThat(Windows.plan(encoded, 32)).containsExactly(new Windows.Window(0, 20));
    }

    @Test
    void windowsStartAtWordBoundaries() {
        EncodedSentence encoded = new EncodedSentence(new long[12], new int[] {0, 3, 6, 9});
        for (Windows.Window w : Windows.plan(encoded, 6)) {
            assertThat(w.start()).isIn(0, 3, 6, 9);
        }
    }

    @Test
    void alignsTrickyWordsWithTheRealTokenizer() throws Exception {
        try (SubwordEncoder encoder = SubwordEncoder.open(tokenizer())) {
            List<String> words = List.of("U.S.", "Blackburn", "👩‍👩‍👧", "naïve", "北");
            EncodedSentence encoded = encoder.encode(words);
            int[] first = encoded.firstSubword();
            assertThat(first).hasSize(words.size());
            for (int i = 0; i < first.length; i++) {
                assertThat(first[i]).as("word %s has a first subword", words.get(i)).isGreaterThanOrEqualTo(0);
                if (i > 0) {
                    assertThat(first[i]).isGreaterThan(first[i - 1]);
                }
            }
            assertThat(first[1] - first[0]).as("U.S. splits into several subwords").isGreaterThan(1);
            assertThat(encoder.encode(List.of("a", "\u0001", "b")).firstSubword()[1])
                    .as("a word the tokenizer drops has no subword; the tagger tags it O").isEqualTo(-1);
            assertThat(encoder.prefix()).containsExactly(101L);
            assertThat(encoder.suffix()).containsExactly(102L);
            assertThat(encoder.encode(List.of("a ".repeat(300).split(" "))).ids().length).as("no truncation").isEqualTo(300);
        }
    }
}
