package io.nerco.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TextTableTest {

    @Test
    void padsColumnsToTheWidestCellNamesLeftFiguresRight() {
        String table = new TextTable("bundle", "batch", "words/s")
                .row("minilm fp32", 1, TextTable.number(9012.4, 0))
                .row("int8", 128, null)
                .render();

        assertThat(table).isEqualTo("""
                bundle       batch  words/s
                -----------  -----  -------
                minilm fp32      1    9,012
                int8           128        -
                """);
    }

    @Test
    void formatsFiguresIndependentlyOfTheLocale() {
        assertThat(TextTable.number(1234567.891, 2)).isEqualTo("1,234,567.89");
        assertThat(TextTable.number(Double.NaN, 2)).isEqualTo("-");
        assertThat(TextTable.percent(0.8612)).isEqualTo("86.1%");
    }

    @Test
    void rejectsARowOfTheWrongWidth() {
        assertThatThrownBy(() -> new TextTable("a", "b").row("only one"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2 columns");
    }
}
