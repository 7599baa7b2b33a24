package io.nerco.bench;

import static io.nerco.bench.TextTable.number;
import static io.nerco.bench.TextTable.percent;

import java.util.List;

/**
 * What {@code nerco bench stream} measured, and how it renders as text. Immutable.
 *
 * @param machine   where and when
 * @param settings  how it ran
 * @param source    where the documents came from
 * @param documents distinct documents (events cycle through them)
 * @param words     words in those documents
 * @param bare      the bare model on the same sentences, same run
 * @param phases    saturation (when measured) and load
 * @param memory    this process's resident memory at the end of the load phase
 * @param notes     anything the reader must know to trust the figures
 */
public record StreamReport(MachineFacts machine, StreamBenchSettings settings, String source, int documents, long words,
        BareModelRate bare, List<LoadPhase> phases, ProcessMemory memory, List<String> notes) {

    /** Throughput target: streaming at least this fraction of the bare model (issue #6). */
    public static final double THROUGHPUT_TARGET = 0.85;
    /** Latency target: p99 at most this many ms at half the maximum sustained load, default settings. */
    public static final long P99_TARGET_MS = 250;
    /** Memory target of {@code nerco run}, bytes. */
    public static final long RSS_TARGET_BYTES = 1536L * 1024 * 1024;

    public StreamReport {
        phases = List.copyOf(phases);
        notes = List.copyOf(notes);
    }

    /** Streaming words/s at saturation over the bare model's, NaN without a saturation phase. */
    @com.fasterxml.jackson.annotation.JsonProperty
    public double throughputFraction() {
        return phase("saturation").map(p -> p.wordsPerSecond() / bare.wordsPerSecond()).orElse(Double.NaN);
    }

    private java.util.Optional<LoadPhase> phase(String name) {
        return phases.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    public String render() {
        StringBuilder out = new StringBuilder();
        out.append("== Machine\n").append(machine.describe()).append('\n');
        out.append("== Settings\n")
                .append("bundle            ").append(settings.bundle()).append('\n')
                .append("documents         ").append(source).append(" (").append(documents).append(" documents, ")
                .append(words).append(" words; events cycle through them)\n")
                .append("threads           ").append(settings.threads()).append(" intra-op (tagger and bare model)\n")
                .append("streaming batch   ").append(settings.batchSize()).append(" events or ")
                .append(settings.maxLatency().toMillis()).append(" ms or ").append(settings.maxBatchChars())
                .append(" chars; inference batches of ")
                .append(settings.modelBatchSize()).append(" sentences\n")
                .append("topology          exactly_once_v2, 1 partition, 1 stream thread; broker and Streams in this"
                        + " JVM, registry a child process\n\n");

        out.append("== Bare model (same sentences, batch ").append(bare.batchSize()).append(", median of ")
                .append(settings.barePasses()).append(" passes, tokenisation included)\n");
        out.append(new TextTable("sentences", "words", "seconds", "words/s")
                .row(bare.sentences(), bare.words(), number(bare.seconds(), 2), number(bare.wordsPerSecond(), 0)).render())
                .append('\n');

        out.append("== Streaming (latency = readable by a read_committed consumer - event timestamp)\n");
        TextTable table = new TextTable("phase", "offered ev/s", "events", "tagged", "dead-lettered", "missing",
                "ev/s", "words/s", "of bare", "p50 ms", "p95 ms", "p99 ms", "max ms");
        for (LoadPhase p : phases) {
            LatencyStats l = p.latency();
            boolean any = l.count() > 0;
            table.row(p.name(), number(p.offeredPerSecond(), 2), p.events(), p.tagged(), p.deadLettered(), p.missing(),
                    number(p.eventsPerSecond(), 2), number(p.wordsPerSecond(), 0),
                    percent(p.wordsPerSecond() / bare.wordsPerSecond()),
                    any ? l.p50() : "-", any ? l.p95() : "-", any ? l.p99() : "-", any ? l.max() : "-");
        }
        out.append(table.render()).append('\n');

        out.append("== Memory (this process: broker, Streams, RocksDB, model; not the registry)\n")
                .append("RSS now           ").append(number(memory.rssMiB(), 0)).append(" MiB\n")
                .append("RSS peak (VmHWM)  ").append(number(memory.peakMiB(), 0)).append(" MiB\n\n");

        out.append("== Targets (issue #6)\n");
        TextTable targets = new TextTable("target", "measured", "met");
        double fraction = throughputFraction();
        targets.row("streaming >= " + percent(THROUGHPUT_TARGET) + " of bare model (saturation words/s)",
                percent(fraction), Double.isNaN(fraction) ? "not measured" : verdict(fraction >= THROUGHPUT_TARGET));
        LoadPhase load = phase("load").orElseThrow();
        boolean halfOfMax = settings.fixedRate() == 0 && settings.loadFraction() == 0.5;
        boolean defaults = settings.batchSize() == io.nerco.stream.TaggingSettings.DEFAULT_BATCH_SIZE
                && settings.maxLatency().equals(io.nerco.stream.TaggingSettings.DEFAULT_MAX_LATENCY)
                && settings.maxBatchChars() == io.nerco.stream.TaggingSettings.DEFAULT_MAX_BATCH_CHARS;
        String p99 = load.latency().count() == 0 ? "-" : load.latency().p99() + " ms";
        String p99Verdict = !halfOfMax || !defaults ? "not this run (needs half of max, default batching)"
                : load.latency().count() == 0 || load.missing() > 0 ? "no" : verdict(load.latency().p99() <= P99_TARGET_MS);
        targets.row("p99 <= " + P99_TARGET_MS + " ms at half the maximum load", p99, p99Verdict);
        targets.row("RSS of run < 1.5 GiB (this process holds the broker too: an upper bound)",
                number(memory.peakMiB(), 0) + " MiB peak", verdict(memory.peakBytes() < RSS_TARGET_BYTES));
        out.append(targets.render());
        if (!notes.isEmpty()) {
            out.append("\n== Notes\n");
            notes.forEach(n -> out.append("- ").append(n).append('\n'));
        }
        return out.toString();
    }

    private static String verdict(boolean met) {
        return met ? "yes" : "no";
    }
}
