package io.nerco.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class TextEventLinesTest {
    private static final Instant NOW = Instant.parse("2026-12-02T03:00:00Z");
    private final TextEventLines lines = new TextEventLines("feed", Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void aTextLineIsTheTextWithANumberedId() {
        lines.parse("first");
        var event = lines.parse("Acme Corp opened an office in Lisbon.");
        assertThat(event.getId()).isEqualTo("feed-2");
        assertThat(event.getSource()).isEqualTo("feed");
        assertThat(event.getText()).isEqualTo("Acme Corp opened an office in Lisbon.");
        assertThat(event.getLanguage()).isNull();
        assertThat(event.getEventTimestamp()).isEqualTo(NOW);
    }

    @Test
    void aJsonLineGivesItsOwnFields() {
        var event = lines.parse("{\"id\": \"n-7\", \"text\": \"Rain in Oslo.\", \"source\": \"wire\", \"language\": \"en\"}");
        assertThat(event.getId()).isEqualTo("n-7");
        assertThat(event.getSource()).isEqualTo("wire");
        assertThat(event.getLanguage()).isEqualTo("en");
        assertThat(event.getText()).isEqualTo("Rain in Oslo.");
    }

    @Test
    void aJsonLineWithoutTextIsRefusedNamingTheLine() {
        assertThatThrownBy(() -> lines.parse("{\"id\": \"n-7\"}")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("line 1").hasMessageContaining("text");
    }
}
