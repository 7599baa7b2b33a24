package io.nerco.bench;

import ai.onnxruntime.OrtException;
import io.nerco.avro.TextEvent;
import io.nerco.model.OnnxTagger;
import io.nerco.model.TaggerOptions;
import io.nerco.model.Taggers;
import io.nerco.registry.ApicurioLauncher;
import io.nerco.registry.SchemaRegistryClient;
import io.nerco.registry.SchemaRegistrySettings;
import io.nerco.stream.CheckedProducer;
import io.nerco.stream.EmbeddedKafkaBroker;
import io.nerco.stream.TaggingSettings;
import io.nerco.stream.TaggingStreams;
import io.nerco.stream.TaggingTopics;
import io.nerco.stream.TaggingTopology;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.StreamsConfig;

/**
 * The streaming benchmark: the bare model on the documents' sentences first, then the real
 * thing in this process: an embedded KRaft broker, the Apicurio registry (a child process),
 * the tagging topology with {@code exactly_once_v2}, a producer offering the documents as
 * events (cycling through them, each with a fresh id) and a {@code read_committed} reader.
 *
 * <p>Phases: warm-up (sent at once, awaited, not reported); saturation (sent at once: the
 * output rate is the maximum sustained throughput); load (a fixed rate, or a fraction of the
 * maximum, for a set time: the latency percentiles under that load). An event's latency is
 * the moment its output became readable minus its timestamp (set at send).
 *
 * <p>Outputs arrive in bursts, one per transaction commit, so a phase's rate skips the ramp:
 * with arrivals ordered by time and t_k the time of the arrival at 10% of the count, it is
 * (arrivals after t_k) / (t_last - t_k); when all arrive in one burst, all / (t_last - first send).
 * Not thread-safe; one run at a time.
 */
public final class StreamBench {

    private static final String INPUT = "bench-text-events";
    private static final String OUTPUT = "bench-entities";
    private static final String MENTIONS = "bench-entity-mentions";
    private static final String DEAD_LETTERS = "bench-dead-letters";
    /** Broker, registry and Streams start; generous because the registry alone took 94 s under load here. */
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(300);

    private final StreamBenchSettings settings;
    private final BenchDocuments documents;
    private final PrintStream log;
    private int cursor;

    /**
     * @param settings  how to run
     * @param documents what to send
     * @param log       progress lines
     */
    public StreamBench(StreamBenchSettings settings, BenchDocuments documents, PrintStream log) {
        this.settings = settings;
        this.documents = documents;
        this.log = log;
    }

    /** Runs every phase and returns the figures. */
    public StreamReport run() throws OrtException, IOException, InterruptedException, ExecutionException {
        MachineFacts machine = MachineFacts.now();
        List<String> notes = new ArrayList<>();
        BareModelRate bare = bareModel(notes);
        log.printf("bare model: %,.0f words/s%n", bare.wordsPerSecond());

        TaggingSettings tagging = TaggingSettings.defaults().withBatching(settings.batchSize(), settings.maxLatency())
                .withMaxBatchChars(settings.maxBatchChars());
        TaggerOptions taggerOptions = TaggerOptions.defaults().withIntraOpThreads(settings.threads())
                .withMaxBatchSize(settings.modelBatchSize());
        List<LoadPhase> phases = new ArrayList<>();
        ProcessMemory memory;
        log.println("starting Kafka (KRaft, 127.0.0.1), the Apicurio registry and the tagging topology ...");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(Map.of(), STARTUP_TIMEOUT);
                ApicurioLauncher.Running registryProcess = registryLauncher().start();
                SchemaRegistryClient registry = new SchemaRegistryClient(SchemaRegistrySettings.of(registryProcess.confluentApiUrl()));
                OnnxTagger tagger = Taggers.open(settings.bundle(), taggerOptions)) {
            TaggingTopics topics = TaggingTopics.withRegistry(INPUT, OUTPUT, MENTIONS, DEAD_LETTERS, registry);
            broker.createTopics(1, INPUT, OUTPUT, MENTIONS, DEAD_LETTERS);
            TimedTagger timed = new TimedTagger(tagger);
            try (TaggingStreams streams = TaggingStreams.start(new TaggingTopology(tagging, timed, topics),
                    streamsConfig(broker), STARTUP_TIMEOUT);
                    CheckedProducer<TextEvent> producer = new CheckedProducer<>(broker.bootstrapServers(),
                            topics.textEvents().value().serializer());
                    OutputCollector outputs = new OutputCollector(broker.bootstrapServers(), OUTPUT, DEAD_LETTERS)) {
                Driver driver = new Driver(producer, outputs);
                if (settings.warmupEvents() > 0) {
                    log.println("warm-up: " + settings.warmupEvents() + " events ...");
                    driver.phase("warm-up", 0, settings.warmupEvents());
                }
                double rate = settings.fixedRate();
                if (settings.saturationEvents() > 0) {
                    log.println("saturation: " + settings.saturationEvents() + " events at once ...");
                    Duration busyBefore = timed.busy();
                    long wallStart = System.nanoTime();
                    LoadPhase saturation = driver.phase("saturation", 0, settings.saturationEvents());
                    phases.add(saturation);
                    double busyShare = (double) timed.busy().minus(busyBefore).toNanos() / (System.nanoTime() - wallStart);
                    notes.add(String.format(java.util.Locale.ROOT, "saturation: the stream thread spent %.1f%% of the phase"
                            + " inside the tagger; the rest is Kafka Streams, the store, serialisation, commits and the"
                            + " drain wait. Tagging documents alone ran at about %,.0f words/s (%.1f%% of the bare model"
                            + " on sentences)", 100 * busyShare, saturation.wordsPerSecond() / busyShare,
                            100 * saturation.wordsPerSecond() / busyShare / bare.wordsPerSecond()));
                    if (rate == 0) {
                        rate = saturation.eventsPerSecond() * settings.loadFraction();
                    }
                }
                int events = Math.max(1, (int) Math.round(rate * settings.loadDuration().toMillis() / 1000.0));
                log.printf("load: %.2f events/s for %s (%d events) ...%n", rate, settings.loadDuration(), events);
                phases.add(driver.phase("load", rate, events));
                if (streams.failure() != null) {
                    notes.add("a stream thread died during the run: " + streams.failure());
                }
                memory = ProcessMemory.now();
            }
        }
        for (LoadPhase p : phases) {
            if (p.missing() > 0 || p.deadLettered() > 0 || p.unexpected() > 0) {
                notes.add(p.name() + ": " + p.missing() + " events without output after " + settings.drainTimeout()
                        + ", " + p.deadLettered() + " dead-lettered, " + p.unexpected() + " unexpected outputs");
            }
        }
        return new StreamReport(machine, settings, documents.source(), documents.size(),
                documents.allSentences().stream().mapToLong(s -> s.words().size()).sum(), bare, phases, memory, notes);
    }

    private BareModelRate bareModel(List<String> notes) throws OrtException {
        List<LabeledSentence> sentences = documents.allSentences();
        long words = sentences.stream().mapToLong(s -> s.words().size()).sum();
        log.println("bare model: " + sentences.size() + " sentences, batch " + settings.modelBatchSize() + ", "
                + settings.threads() + " threads ...");
        try (BundleRunner runner = BundleRunner.open(settings.bundle(), settings.threads())) {
            BundleRunner.Tokenized tokens = runner.tokenize(sentences);
            if (tokens.truncated() > 0) {
                notes.add("bare model: " + tokens.truncated() + " sentences cut to the window (the serving tagger windows them)");
            }
            long tokenize = ModelBench.medianTokenizeNanos(runner, sentences, settings.barePasses());
            StageTimes pass = ModelBench.medianPass(runner, LengthBuckets.of(tokens.lengths(), settings.modelBatchSize()),
                    tokens, 1, settings.barePasses()).withTokenize(tokenize);
            return new BareModelRate(settings.modelBatchSize(), sentences.size(), words, pass.total() / 1e9);
        }
    }

    /** The registry as tests and demo find it, with a start timeout for a machine busy enough to need one. */
    private static ApicurioLauncher registryLauncher() {
        Path home = ApicurioLauncher.fromEnvironment().home();
        Path logDir = home.toAbsolutePath().getParent() == null ? Path.of(".") : home.toAbsolutePath().getParent();
        return new ApicurioLauncher(home, logDir.resolve("apicurio-bench-" + ProcessHandle.current().pid() + ".log"),
                STARTUP_TIMEOUT, "512m");
    }

    private static Properties streamsConfig(EmbeddedKafkaBroker broker) throws IOException {
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "nerco-bench-" + UUID.randomUUID());
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        config.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
        config.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("nerco-bench-state").toString());
        return config;
    }

    /** Sends one phase's events and reads back their outputs. */
    private final class Driver {
        private final CheckedProducer<TextEvent> producer;
        private final OutputCollector outputs;

        Driver(CheckedProducer<TextEvent> producer, OutputCollector outputs) {
            this.producer = producer;
            this.outputs = outputs;
        }

        /** @param rate events per second, 0 for all at once */
        LoadPhase phase(String name, double rate, int events) throws InterruptedException {
            Map<String, Long> pending = new HashMap<>();
            long firstSend = System.currentTimeMillis();
            long start = System.nanoTime();
            for (int i = 0; i < events; i++) {
                if (rate > 0) {
                    long due = start + (long) (i * 1e9 / rate);
                    for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
                        LockSupport.parkNanos(wait);
                    }
                }
                int doc = cursor++ % documents.size();
                String id = name + "-" + i;
                pending.put(id, documents.words(doc));
                long now = System.currentTimeMillis();
                TextEvent event = TextEvent.newBuilder().setId(id).setSource("nerco-bench").setLanguage("en")
                        .setText(documents.texts().get(doc)).setEventTimestamp(Instant.ofEpochMilli(now))
                        .setIngestTimestamp(Instant.ofEpochMilli(now)).setAttributes(Map.of()).build();
                producer.send(new ProducerRecord<>(INPUT, null, now, id, event));
            }
            producer.flush();
            List<OutputCollector.Arrival> arrivals = new ArrayList<>();
            Map<String, Long> words = new HashMap<>();
            int unexpected = 0;
            long deadline = System.nanoTime() + settings.drainTimeout().toNanos();
            while (!pending.isEmpty()) {
                long left = deadline - System.nanoTime();
                OutputCollector.Arrival a = left > 0 ? outputs.next(Duration.ofNanos(left)) : null;
                if (a == null) {
                    break;
                }
                Long w = pending.remove(a.key());
                if (w == null) {
                    unexpected++;
                } else {
                    arrivals.add(a);
                    words.put(a.key(), w);
                }
            }
            return summarise(name, rate, events, firstSend, arrivals, words, pending.size(), unexpected);
        }
    }

    static LoadPhase summarise(String name, double rate, int events, long firstSendMs, List<OutputCollector.Arrival> arrivals,
            Map<String, Long> wordsByKey, int missing, int unexpected) {
        List<OutputCollector.Arrival> tagged = arrivals.stream().filter(a -> !a.deadLetter())
                .sorted(Comparator.comparingLong(OutputCollector.Arrival::readableMs)).toList();
        long[] latencies = tagged.stream().mapToLong(a -> a.readableMs() - a.timestamp()).toArray();
        double eventsPerSecond = Double.NaN;
        double wordsPerSecond = Double.NaN;
        if (!tagged.isEmpty()) {
            long last = tagged.getLast().readableMs();
            long rampEnd = tagged.get(tagged.size() / 10).readableMs();
            List<OutputCollector.Arrival> counted = tagged.stream().filter(a -> a.readableMs() > rampEnd).toList();
            long from = rampEnd;
            if (counted.isEmpty()) {
                counted = tagged;
                from = firstSendMs;
            }
            double seconds = Math.max(1, last - from) / 1000.0;
            eventsPerSecond = counted.size() / seconds;
            wordsPerSecond = counted.stream().mapToLong(a -> wordsByKey.get(a.key())).sum() / seconds;
        }
        return new LoadPhase(name, rate > 0 ? rate : Double.NaN, events, tagged.size(), arrivals.size() - tagged.size(),
                missing, unexpected, eventsPerSecond, wordsPerSecond, LatencyStats.of(latencies));
    }
}
