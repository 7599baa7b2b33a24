package io.nerco.cli;

import io.nerco.cli.RunConfig.Key;
import io.nerco.model.OnnxTagger;
import io.nerco.model.Taggers;
import io.nerco.registry.SchemaRegistryClient;
import io.nerco.stream.TaggingSettings;
import io.nerco.stream.TaggingStreams;
import io.nerco.stream.TaggingTopics;
import io.nerco.stream.TaggingTopology;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code nerco run}: the tagging topology against a real cluster. Settings come from flags,
 * {@code NERCO_*} environment variables, a {@code --config} properties file, then defaults
 * (see {@link RunConfig}); other keys of the file pass through to Kafka Streams. A shutdown
 * hook closes Streams (leaving the group) and then the model.
 */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the tagging topology against a Kafka cluster (flags > NERCO_* env > --config file > defaults).")
public final class RunCommand implements Callable<Integer> {
    @Option(names = "--bootstrap-servers", description = "Kafka bootstrap servers (NERCO_BOOTSTRAP_SERVERS)") String bootstrapServers;
    @Option(names = "--registry-url", description = "schema registry URL (NERCO_REGISTRY_URL)") String registryUrl;
    @Option(names = "--model", description = "model bundle folder (NERCO_MODEL; default models/default)") String model;
    @Option(names = "--application-id", description = "Streams application id (NERCO_APPLICATION_ID; default nerco-tagger)") String applicationId;
    @Option(names = "--input-topic", description = "default text-events") String inputTopic;
    @Option(names = "--entities-topic", description = "default entities") String entitiesTopic;
    @Option(names = "--mentions-topic", description = "default entity-mentions") String mentionsTopic;
    @Option(names = "--dead-letter-topic", description = "default dead-letters") String deadLetterTopic;
    @Option(names = "--batch-size", description = "events per batch (default 32)") String batchSize;
    @Option(names = "--max-latency-ms", description = "flush a partial batch after this many ms (default 200)") String maxLatencyMs;
    @Option(names = "--processing-guarantee", description = "exactly_once_v2 (default) or at_least_once") String processingGuarantee;
    @Option(names = "--config", description = "properties file; unknown keys pass through to Kafka Streams") Path configFile;

    @Override
    public Integer call() throws Exception {
        RunConfig config = new RunConfig(flags(), System.getenv(), RunConfig.load(configFile));
        TaggingSettings settings = TaggingSettings.defaults().withBatching(Integer.parseInt(config.get(Key.BATCH_SIZE)),
                Duration.ofMillis(Long.parseLong(config.get(Key.MAX_LATENCY_MS))));
        SchemaRegistryClient registry = new SchemaRegistryClient(config.registrySettings());
        OnnxTagger tagger = Taggers.open(Path.of(config.get(Key.MODEL)));
        TaggingTopics topics = TaggingTopics.withRegistry(config.get(Key.INPUT_TOPIC), config.get(Key.ENTITIES_TOPIC),
                config.get(Key.MENTIONS_TOPIC), config.get(Key.DEAD_LETTER_TOPIC), registry);
        TaggingStreams streams;
        try {
            streams = TaggingStreams.start(new TaggingTopology(settings, tagger, topics), settings,
                    config.streamsProperties(), Duration.ofMinutes(5));
        } catch (RuntimeException e) {
            tagger.close();
            registry.close();
            throw e;
        }
        Thread hook = new Thread(() -> {
            streams.close();
            tagger.close();
            registry.close();
        }, "nerco-run-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        streams.awaitStopped();
        if (streams.failure() != null) {
            System.err.println("stopped: " + streams.failure());
            return 1;
        }
        return 0;
    }

    private Map<Key, String> flags() {
        Map<Key, String> flags = new EnumMap<>(Key.class);
        put(flags, Key.BOOTSTRAP_SERVERS, bootstrapServers);
        put(flags, Key.REGISTRY_URL, registryUrl);
        put(flags, Key.MODEL, model);
        put(flags, Key.APPLICATION_ID, applicationId);
        put(flags, Key.INPUT_TOPIC, inputTopic);
        put(flags, Key.ENTITIES_TOPIC, entitiesTopic);
        put(flags, Key.MENTIONS_TOPIC, mentionsTopic);
        put(flags, Key.DEAD_LETTER_TOPIC, deadLetterTopic);
        put(flags, Key.BATCH_SIZE, batchSize);
        put(flags, Key.MAX_LATENCY_MS, maxLatencyMs);
        put(flags, Key.PROCESSING_GUARANTEE, processingGuarantee);
        return flags;
    }

    private static void put(Map<Key, String> flags, Key key, String value) {
        if (value != null) {
            flags.put(key, value);
        }
    }
}
