package io.nerco.stream;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Writes the Prometheus text exposition format (version 0.0.4): one {@code # HELP} and
 * {@code # TYPE} line per metric family, then its samples. Samples of a family added at
 * different times are kept together, since the format forbids a family appearing twice.
 * Names and label names are sanitised to {@code [a-zA-Z_:][a-zA-Z0-9_:]*}; label values are
 * escaped. Not thread-safe: build one per scrape.
 */
final class PrometheusText {
    /** The content type of the format. */
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    private static final Pattern INVALID_NAME_CHARS = Pattern.compile("[^a-zA-Z0-9_:]");

    private record Family(String type, String help, StringBuilder samples) {}

    private final Map<String, Family> families = new LinkedHashMap<>();

    /** Adds one sample of family {@code family} (declared on first use with its type and help); {@code suffix} is e.g. {@code _bucket}. */
    PrometheusText sample(String family, String type, String help, String suffix, Map<String, String> labels, double value) {
        String name = name(family);
        Family f = families.computeIfAbsent(name, n -> new Family(type, help, new StringBuilder()));
        StringBuilder out = f.samples();
        out.append(name).append(suffix);
        if (!labels.isEmpty()) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<String, String> label : labels.entrySet()) {
                if (!first) {
                    out.append(',');
                }
                first = false;
                out.append(name(label.getKey())).append("=\"").append(escape(label.getValue())).append('"');
            }
            out.append('}');
        }
        out.append(' ').append(number(value)).append('\n');
        return this;
    }

    /** A gauge sample. */
    PrometheusText gauge(String family, String help, Map<String, String> labels, double value) {
        return sample(family, "gauge", help, "", labels, value);
    }

    /** A counter sample; {@code family} ends in {@code _total}. */
    PrometheusText counter(String family, String help, Map<String, String> labels, double value) {
        return sample(family, "counter", help, "", labels, value);
    }

    /** All samples of a histogram: cumulative buckets, {@code +Inf}, sum and count. */
    PrometheusText histogram(String family, String help, Map<String, String> labels, Histogram histogram) {
        double[] bounds = histogram.upperBounds();
        long[] cumulative = histogram.cumulativeCounts();
        long count = histogram.count();
        for (int i = 0; i < bounds.length; i++) {
            sample(family, "histogram", help, "_bucket", with(labels, "le", number(bounds[i])), cumulative[i]);
        }
        sample(family, "histogram", help, "_bucket", with(labels, "le", "+Inf"), count);
        sample(family, "histogram", help, "_sum", labels, histogram.sum());
        return sample(family, "histogram", help, "_count", labels, count);
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        families.forEach((name, f) -> out.append("# HELP ").append(name).append(' ')
                .append(f.help().replace("\\", "\\\\").replace("\n", "\\n")).append('\n')
                .append("# TYPE ").append(name).append(' ').append(f.type()).append('\n')
                .append(f.samples()));
        return out.toString();
    }

    /** {@code stream-thread-metrics} becomes {@code stream_thread_metrics}; a leading digit gets an underscore. */
    static String name(String raw) {
        String name = INVALID_NAME_CHARS.matcher(raw).replaceAll("_");
        return name.isEmpty() || Character.isDigit(name.charAt(0)) ? "_" + name : name;
    }

    private static Map<String, String> with(Map<String, String> labels, String name, String value) {
        Map<String, String> all = new LinkedHashMap<>(labels);
        all.put(name, value);
        return all;
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    private static String number(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return String.format(Locale.ROOT, "%s", value);
    }
}
