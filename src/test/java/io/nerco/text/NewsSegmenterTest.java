package io.nerco.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class NewsSegmenterTest {

    private final NewsSegmenter segmenter = new NewsSegmenter();

    private List<String> words(String text) {
        return segmenter.segment(text).stream().flatMap(s -> s.tokens().stream()).map(Token::text).toList();
    }

    @Test
    void conllSentence() {
        assertThat(words("EU rejects German call to boycott British lamb ."))
                .containsExactly("EU", "rejects", "German", "call", "to", "boycott", "British", "lamb", ".");
    }

    @Test
    void abbreviationsNumbersUrls() {
        assertThat(words("Mr. J. Smith of the U.S. paid $1,234.56 (3.5%) for a 10-year bond at http://x.com/a, mail a.b@ex.com."))
                .containsExactly("Mr.", "J.", "Smith", "of", "the", "U.S.", "paid", "$", "1,234.56", "(", "3.5", "%", ")",
                        "for", "a", "10-year", "bond", "at", "http://x.com/a", ",", "mail", "a.b@ex.com", ".");
    }

    @Test
    void sentencesAndCjkAndEmoji() {
        List<Sentence> sentences = segmenter.segment("He left. She came! 北京欢迎你。👩‍👩‍👧 fine👍🏽");
        assertThat(sentences).hasSize(4);
        assertThat(words("北京。")).containsExactly("北", "京", "。");
        assertThat(words("a👩‍👩‍👧b 👍🏽 🇩🇪")).containsExactly("a", "👩‍👩‍👧", "b", "👍🏽", "🇩🇪");
        assertThat(words("Germany's café")).containsExactly("Germany", "'s", "café");
    }

    @Test
    void badInputNeverFails() {
        assertThat(segmenter.segment("")).isEmpty();
        assertThat(segmenter.segment(" \n\t ")).isEmpty();
        assertThat(words("a\uD800b\u0000c\uDC00")).containsExactly("a", "b", "c");
        String big = "The quick brown fox jumps. ".repeat(40_000);
        assertThat(big.length()).isGreaterThan(1_000_000);
        assertThat(segmenter.segment(big)).hasSize(40_000);
    }

    @Provide
    Arbitrary<String> anyText() {
        Arbitrary<Character> chars = Arbitraries.oneOf(
                Arbitraries.chars().all(),
                Arbitraries.chars().with(' ', '.', '-', '\'', ',', '\n', '\u0301', '\u200D', '\uFE0F', 'a', 'U', 'S', '1'),
                Arbitraries.chars().range('\u4E00', '\u4E20'),
                Arbitraries.chars().range('\uD83D', '\uD83D'),
                Arbitraries.chars().range('\uDC00', '\uDE4F'));
        return chars.list().ofMaxSize(60).map(cs -> {
            StringBuilder b = new StringBuilder();
            cs.forEach(b::append);
            return b.toString();
        });
    }

    @Property(tries = 2000)
    void tokensAreExactSubstrings(@ForAll("anyText") String text) {
        for (Sentence sentence : segmenter.segment(text)) {
            assertThat(sentence.start()).isGreaterThanOrEqualTo(0);
            for (Token token : sentence.tokens()) {
                assertThat(text.substring(token.start(), token.end())).isEqualTo(token.text());
                assertThat(Character.isLowSurrogate(token.text().charAt(0))
                        && token.start() > 0 && Character.isHighSurrogate(text.charAt(token.start() - 1))).isFalse();
            }
        }
    }
}
