package io.nerco.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A plain-text table for terminals and Markdown alike: a header row, a rule, and rows whose
 * cells are padded to the widest cell of their column; the first column is left-aligned (it
 * names the row), the others right-aligned (they hold figures). Not thread-safe.
 */
public final class TextTable {

    private final List<String> headers;
    private final List<List<String>> rows = new ArrayList<>();

    /** @param headers column headers, at least one */
    public TextTable(String... headers) {
        if (headers.length == 0) {
            throw new IllegalArgumentException("a table has at least one column");
        }
        this.headers = List.of(headers);
    }

    /** Adds a row with one cell per column; null cells print as "-". */
    public TextTable row(Object... cells) {
        if (cells.length != headers.size()) {
            throw new IllegalArgumentException(headers.size() + " columns but a row of " + cells.length);
        }
        rows.add(Arrays.stream(cells).map(c -> c == null ? "-" : c.toString()).toList());
        return this;
    }

    /** The table as lines joined by '\n', ending with one; columns separated by two spaces. */
    public String render() {
        int[] widths = new int[headers.size()];
        for (int c = 0; c < widths.length; c++) {
            widths[c] = headers.get(c).length();
            for (List<String> row : rows) {
                widths[c] = Math.max(widths[c], row.get(c).length());
            }
        }
        StringBuilder out = new StringBuilder();
        line(out, headers, widths);
        List<String> rule = Arrays.stream(widths).mapToObj("-"::repeat).toList();
        line(out, rule, widths);
        for (List<String> row : rows) {
            line(out, row, widths);
        }
        return out.toString();
    }

    private static void line(StringBuilder out, List<String> cells, int[] widths) {
        for (int c = 0; c < cells.size(); c++) {
            String cell = cells.get(c);
            String pad = " ".repeat(widths[c] - cell.length());
            if (c > 0) {
                out.append("  ");
            }
            out.append(c == 0 ? cell + pad : pad + cell);
        }
        int end = out.length();
        while (end > 0 && out.charAt(end - 1) == ' ') {
            end--;
        }
        out.setLength(end);
        out.append('\n');
    }

    /** Formats a figure with thousands separators and {@code decimals} decimals, or "-" for NaN. */
    public static String number(double value, int decimals) {
        if (Double.isNaN(value)) {
            return "-";
        }
        return String.format(java.util.Locale.ROOT, "%,." + decimals + "f", value);
    }

    /** Formats a fraction (0.86) as a percentage with one decimal ("86.0%"), or "-" for NaN. */
    public static String percent(double fraction) {
        return Double.isNaN(fraction) ? "-" : String.format(java.util.Locale.ROOT, "%.1f%%", 100 * fraction);
    }
}
