package io.nerco.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Offsets on Chinese, mixed Chinese-English and full-width text: each Han character is a token,
 * Latin words and numbers inside Chinese stay whole, full-width punctuation is its own token,
 * and every token's offsets give back exactly its text, in UTF-16 units.
 */
class ChineseTextOffsetsTest {
    private final NewsSegmenter segmenter = new NewsSegmenter();

    private List<Token> tokens(String text) {
        List<Token> tokens = segmenter.segment(text).stream().flatMap(s -> s.tokens().stream()).toList();
        assertThat(tokens).allSatisfy(t -> assertThat(text.substring(t.start(), t.end())).isEqualTo(t.text()));
        return tokens;
    }

    private List<String> spans(String text) {
        return tokens(text).stream().map(t -> t.text() + "@" + t.start()).toList();
    }

    @Test
    void eachHanCharacterIsATokenAndFullWidthPunctuationEndsSentencesWithoutSpaces() {
        String text = "李明远，男，1968年出生。现任华信公司董事长！他说：“很好。”";
        assertThat(spans(text)).startsWith("李@0", "明@1", "远@2", "，@3", "男@4", "，@5", "1968@6", "年@10");
        List<Sentence> sentences = segmenter.segment(text);
        assertThat(sentences).hasSize(3);
        assertThat(sentences.get(1).tokens().getFirst().text()).isEqualTo("现");
        assertThat(sentences.get(2).tokens().getLast().text()).as("closing quote stays with its sentence").isEqualTo("”");
    }

    @Test
    void latinWordsAndNumbersInsideChineseStayWhole() {
        assertThat(spans("新款iPhone 15 Pro，售价7,999元。"))
                .containsExactly("新@0", "款@1", "iPhone@2", "15@9", "Pro@12", "，@15", "售@16", "价@17", "7,999@18", "元@23", "。@24");
        assertThat(spans("王小明（Wang Xiaoming）是U.S.公司的CEO。"))
                .containsExactly("王@0", "小@1", "明@2", "（@3", "Wang@4", "Xiaoming@9", "）@17", "是@18", "U.S.@19",
                        "公@23", "司@24", "的@25", "CEO@26", "。@29");
    }

    @Test
    void fullWidthLettersDigitsBracketsAndTheIdeographicSpace() {
        assertThat(spans("ＩＢＭ公司２０２６年（上海）\u3000新闻"))
                .containsExactly("ＩＢＭ@0", "公@3", "司@4", "２０２６@5", "年@9", "（@10", "上@11", "海@12", "）@13", "新@15", "闻@16");
    }

    @Test
    void aHanCharacterOutsideTheBasicPlaneIsOneTokenOfTwoUnits() {
        List<Token> tokens = tokens("𠮷野家在上海開店");
        assertThat(tokens.getFirst().text()).isEqualTo("𠮷");
        assertThat(tokens.getFirst().end() - tokens.getFirst().start()).isEqualTo(2);
        assertThat(tokens.get(1).start()).isEqualTo(2);
        assertThat(tokens).hasSize(8);
    }
}
