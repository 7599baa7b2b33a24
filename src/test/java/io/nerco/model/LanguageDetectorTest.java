package io.nerco.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LanguageDetectorTest {
    private final LanguageDetector detector = new LanguageDetector();

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "南京市长江大桥今天通车。| zh",
            "苹果公司在北京发布了新款iPhone。| zh",
            "国际奥委会（IOC）主席巴赫访问上海。| zh",
            "EU rejects German call to boycott British lamb. | en",
            "Shares of Alibaba (阿里巴巴) rose 3 percent in New York trading on Tuesday. | en",
            "12,345.67 -- 2026 | en",
            "こんにちは、ありがとう | en",
            "Ｈｅｌｌｏ，世界 | zh"})
    void tellsChineseFromEnglishByScript(String text, String language) {
        assertThat(detector.detect(text)).isEqualTo(language);
    }

    @Test
    void primaryLanguageIsTheFirstSubtagInLowerCase() {
        assertThat(LanguageDetector.primaryLanguage("zh-Hans-CN")).isEqualTo("zh");
        assertThat(LanguageDetector.primaryLanguage("ZH_tw")).isEqualTo("zh");
        assertThat(LanguageDetector.primaryLanguage(" en ")).isEqualTo("en");
        assertThat(LanguageDetector.primaryLanguage("")).isNull();
        assertThat(LanguageDetector.primaryLanguage(null)).isNull();
    }
}
