package io.nerco.cli;

import io.nerco.cli.RunConfig.Key;
import io.nerco.model.Tagger;
import io.nerco.model.TaggerOptions;
import io.nerco.model.Taggers;
import io.nerco.registry.RegistryConfig;
import io.nerco.registry.SchemaRegistryClient;
import io.nerco.stream.NercoTopologies;
import io.nerco.stream.QualitySettings;
import io.nerco.stream.QualityTopics;
import io.nerco.stream.QualityTopology;
import io.nerco.stream.ServingInstance;
import io.nerco.stream.StreamMetrics;
import io.nerco.stream.TaggerCalibration;
import io.nerco.stream.TaggingSettings;
import io.nerco.stream.TaggingTopics;
import io.nerco.stream.TaggingTopology;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code nerco run}: the tagging topology against a real cluster, and the quality topology
 * beside it in the same Kafka Streams instance when a labeled topic is set. Settings come
 * from flags, {@code NERCO_*} environment variables, a {@code --config} properties file, then
 * defaults (see {@link RunConfig}); other keys of the file pass through to Kafka Streams and
 * to the registry client (credentials, TLS: see {@code RegistryConfig}). Serves
 * {@code /health}, {@code /ready} and {@code /metrics} (see {@code OpsHttpServer}). On SIGTERM
 * a shutdown hook closes Streams (leaving the group, so the partitions move at once), then the
 * endpoint, the model and the registry client.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the tagging topology (and the quality topology when a labeled topic is set) against a Kafka cluster "
                + "(flags > NERCO_* env > --config file > defaults).")
public final class RunCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(RunCommand.class);

    @Option(names = "--bootstrap-servers", description = "Kafka bootstrap servers (NERCO_BOOTSTRAP_SERVERS)") String bootstrapServers;
    @Option(names = "--registry-url", description = "schema registry URL (NERCO_REGISTRY_URL)") String registryUrl;
    @Option(names = "--model", description = "model bundle folders, comma-separated, one per language, the first the fallback "
            + "(NERCO_MODEL; default models/default,models/zh)") String model;
    @Option(names = "--accurate-model", description = "accurate bundle folders, comma-separated: each re-tags the sentences the "
            + "--model bundle of its language is unsure of (NERCO_MODEL_ACCURATE; default none)") String accurateModel;
    @Option(names = "--accurate-below", description = "sentence probability below which the accurate bundle re-tags "
            + "(NERCO_MODEL_ACCURATE_BELOW; default 0.8)") String accurateBelow;
    @Option(names = "--application-id", description = "Streams application id (NERCO_APPLICATION_ID; default nerco-tagger)") String applicationId;
    @Option(names = "--input-topic", description = "default text-events") String inputTopic;
    @Option(names = "--entities-topic", description = "default entities") String entitiesTopic;
    @Option(names = "--mentions-topic", description = "default entity-mentions") String mentionsTopic;
    @Option(names = "--dead-letter-topic", description = "default dead-letters") String deadLetterTopic;
    @Option(names = "--labeled-topic", description = "labeled events; runs the quality topology (NERCO_TOPIC_LABELED; default none)") String labeledTopic;
    @Option(names = "--quality-topic", description = "default quality") String qualityTopic;
    @Option(names = "--quality-alerts-topic", description = "default quality-alerts") String qualityAlertsTopic;
    @Option(names = "--quality-window-ms", description = "quality window in event time (default 3600000)") String qualityWindowMs;
    @Option(names = "--quality-grace-ms", description = "grace after a window's end (default 600000)") String qualityGraceMs;
    @Option(names = "--quality-f1-floor", description = "alert below this F1 (default 0: off)") String qualityF1Floor;
    @Option(names = "--quality-max-f1-drop", description = "alert on a larger F1 drop (default 1: off)") String qualityMaxF1Drop;
    @Option(names = "--batch-size", description = "events per batch (default 32)") String batchSize;
    @Option(names = "--max-batch-chars", description = "a batch stops before the event that would take it over this many "
            + "characters (default 16000)") String maxBatchChars;
    @Option(names = "--max-latency-ms", description = "flush a partial batch after this many ms (default 50)") String maxLatencyMs;
    @Option(names = "--processing-guarantee", description = "exactly_once_v2 (default) or at_least_once") String processingGuarantee;
    @Option(names = "--state-dir", description = "Kafka Streams state directory (NERCO_STATE_DIR)") String stateDir;
    @Option(names = "--state-memory-mb", description = "off-heap MB all state stores share: RocksDB block cache, "
            + "memtables, indexes (NERCO_STATE_MEMORY_MB; default 64)") String stateMemoryMb;
    @Option(names = "--http-host", description = "bind address of /health, /ready, /metrics (NERCO_HTTP_HOST; default 0.0.0.0)") String httpHost;
    @Option(names = "--http-port", description = "their port (NERCO_HTTP_PORT; default 9400; 0: any free port)") String httpPort;
    @Option(names = "--config", description = "properties file; unknown keys pass through to Kafka Streams") Path configFile;

    @Override
    public Integer call() throws Exception {
        Properties file = RunConfig.load(configFile);
        RunConfig config = new RunConfig(flags(), System.getenv(), file);
        TaggingSettings requested = TaggingSettings.defaults().withBatching(Integer.parseInt(config.get(Key.BATCH_SIZE)),
                Duration.ofMillis(Long.parseLong(config.get(Key.MAX_LATENCY_MS))))
                .withMaxBatchChars(Integer.parseInt(config.get(Key.MAX_BATCH_CHARS)));
        StreamMetrics metrics = new StreamMetrics();
        SchemaRegistryClient registry = new SchemaRegistryClient(RegistryConfig.clientSettings(registryProperties(file, config)));
        Tagger tagger;
        ServingInstance instance;
        try {
            tagger = Taggers.open(modelDirs(config.get(Key.MODEL)),
                    config.find(Key.ACCURATE_MODEL).map(RunCommand::modelDirs).orElse(List.of()),
                    Double.parseDouble(config.get(Key.ACCURATE_BELOW)), TaggerOptions.defaults());
        } catch (RuntimeException e) {
            registry.close();
            throw e;
        }
        try {
            TaggingSettings batching = TaggerCalibration.calibrated(requested, tagger);
            TaggingTopics topics = TaggingTopics.withRegistry(config.get(Key.INPUT_TOPIC), config.get(Key.ENTITIES_TOPIC),
                    config.get(Key.MENTIONS_TOPIC), config.get(Key.DEAD_LETTER_TOPIC), registry);
            QualityTopology quality = config.find(Key.LABELED_TOPIC).map(labeled -> new QualityTopology(
                    qualitySettings(config, batching), tagger, QualityTopics.withRegistry(labeled, config.get(Key.QUALITY_TOPIC),
                            config.get(Key.QUALITY_ALERTS_TOPIC), config.get(Key.DEAD_LETTER_TOPIC), registry), metrics))
                    .orElse(null);
            instance = ServingInstance.open(new NercoTopologies(new TaggingTopology(batching, tagger, topics, metrics), quality),
                    metrics, config.streamsProperties(),
                    new InetSocketAddress(config.get(Key.HTTP_HOST), Integer.parseInt(config.get(Key.HTTP_PORT))));
            LOG.atInfo().addKeyValue("models", Taggers.describe(tagger))
                    .addKeyValue("quality", quality != null).addKeyValue("http", instance.httpAddress()).log("starting");
        } catch (Exception e) {
            tagger.close();
            registry.close();
            throw e;
        }
        Thread hook = new Thread(() -> {
            LOG.info("shutting down: leaving the group, then closing the model");
            instance.close();
            tagger.close();
            registry.close();
        }, "nerco-run-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        instance.start(Duration.ofMinutes(5));
        LOG.info("running");
        instance.streams().awaitStopped();
        if (instance.streams().failure() != null) {
            System.err.println("stopped: " + instance.streams().failure());
            return 1;
        }
        return 0;
    }

    /** The folders of a comma-separated {@code nerco.model} value. */
    static List<Path> modelDirs(String value) {
        List<Path> dirs = Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty()).map(Path::of).toList();
        if (dirs.isEmpty()) {
            throw new IllegalArgumentException("no bundle folder in '" + value + "'");
        }
        return dirs;
    }

    private static QualitySettings qualitySettings(RunConfig config, TaggingSettings batching) {
        return QualitySettings.defaults().withBatching(batching)
                .withWindow(Duration.ofMillis(Long.parseLong(config.get(Key.QUALITY_WINDOW_MS))),
                        Duration.ofMillis(Long.parseLong(config.get(Key.QUALITY_GRACE_MS))))
                .withAlerts(Double.parseDouble(config.get(Key.QUALITY_F1_FLOOR)), Double.parseDouble(config.get(Key.QUALITY_MAX_F1_DROP)));
    }

    /** The file's keys (credentials, TLS, timeouts) with the resolved registry URL. */
    private static Map<String, Object> registryProperties(Properties file, RunConfig config) {
        Map<String, Object> props = new HashMap<>();
        file.stringPropertyNames().forEach(name -> props.put(name, file.getProperty(name)));
        props.put(RegistryConfig.SCHEMA_REGISTRY_URL, config.get(Key.REGISTRY_URL));
        return props;
    }

    private Map<Key, String> flags() {
        Map<Key, String> flags = new EnumMap<>(Key.class);
        put(flags, Key.BOOTSTRAP_SERVERS, bootstrapServers);
        put(flags, Key.REGISTRY_URL, registryUrl);
        put(flags, Key.MODEL, model);
        put(flags, Key.ACCURATE_MODEL, accurateModel);
        put(flags, Key.ACCURATE_BELOW, accurateBelow);
        put(flags, Key.APPLICATION_ID, applicationId);
        put(flags, Key.INPUT_TOPIC, inputTopic);
        put(flags, Key.ENTITIES_TOPIC, entitiesTopic);
        put(flags, Key.MENTIONS_TOPIC, mentionsTopic);
        put(flags, Key.DEAD_LETTER_TOPIC, deadLetterTopic);
        put(flags, Key.LABELED_TOPIC, labeledTopic);
        put(flags, Key.QUALITY_TOPIC, qualityTopic);
        put(flags, Key.QUALITY_ALERTS_TOPIC, qualityAlertsTopic);
        put(flags, Key.QUALITY_WINDOW_MS, qualityWindowMs);
        put(flags, Key.QUALITY_GRACE_MS, qualityGraceMs);
        put(flags, Key.QUALITY_F1_FLOOR, qualityF1Floor);
        put(flags, Key.QUALITY_MAX_F1_DROP, qualityMaxF1Drop);
        put(flags, Key.BATCH_SIZE, batchSize);
        put(flags, Key.MAX_BATCH_CHARS, maxBatchChars);
        put(flags, Key.MAX_LATENCY_MS, maxLatencyMs);
        put(flags, Key.PROCESSING_GUARANTEE, processingGuarantee);
        put(flags, Key.STATE_DIR, stateDir);
        put(flags, Key.STATE_MEMORY_MB, stateMemoryMb);
        put(flags, Key.HTTP_HOST, httpHost);
        put(flags, Key.HTTP_PORT, httpPort);
        return flags;
    }

    private static void put(Map<Key, String> flags, Key key, String value) {
        if (value != null) {
            flags.put(key, value);
        }
    }
}
