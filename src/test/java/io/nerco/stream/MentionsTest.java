package io.nerco.stream;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MentionsTest {
    @Test
    void keyFoldsCaseWidthAndWhitespace() {
        assertThat(Mentions.key("ORG", " Ａcme\n  CORP ")).isEqualTo("ORG|acme corp");
    }

    @Test
    void contextCutsAtWordBoundariesAndFlattensNewlines() {
        String text = "The long-awaited merger between Acme Corp and\nGlobex was announced on Monday morning.";
        int start = text.indexOf("Acme");
        assertThat(Mentions.context(text, start, start + "Acme Corp".length(), 12))
                .isEqualTo("between Acme Corp and Globex");
    }

    @Test
    void contextAtTheEdgesKeepsWholeText() {
        assertThat(Mentions.context("Acme rose", 0, 4, 100)).isEqualTo("Acme rose");
    }
}
