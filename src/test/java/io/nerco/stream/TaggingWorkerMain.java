package io.nerco.stream;

import io.nerco.registry.SchemaRegistryClient;
import io.nerco.registry.SchemaRegistrySettings;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * A tagging instance in its own JVM, for the tests that kill one with SIGKILL mid-stream.
 * Arguments: bootstrap servers, application id, topic prefix, registry URL, and optionally
 * the processing guarantee (default exactly_once_v2) and a state directory that survives
 * restarts (default a fresh temporary one). With a state directory the instance is a static
 * group member named after it, so a restarted instance takes its partitions back without
 * waiting out the killed one's session. Prints {@code RUNNING} once the streams run, then
 * blocks until killed.
 */
public final class TaggingWorkerMain {
    private TaggingWorkerMain() {
    }

    public static void main(String[] args) throws Exception {
        var settings = TaggingTopologyIntegrationTest.SETTINGS;
        var registry = new SchemaRegistryClient(SchemaRegistrySettings.of(URI.create(args[3])));
        var topology = new TaggingTopology(settings,
                new SlowTagger(new CapitalisedWordTagger(), TaggingTopologyIntegrationTest.SLOW_BATCH), IntegrationTopics.named(args[2], registry));
        String guarantee = args.length > 4 ? args[4] : StreamsConfig.EXACTLY_ONCE_V2;
        Path stateDir = args.length > 5 ? Path.of(args[5]) : Files.createTempDirectory("worker-state");
        Properties config = TaggingTopologyIntegrationTest.streamsConfig(args[0], args[1], stateDir);
        config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, guarantee);
        if (args.length > 5) {
            config.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG), "worker-" + stateDir.getFileName());
        }
        TaggingStreams streams = TaggingStreams.start(topology, config, Duration.ofSeconds(60));
        System.out.println("RUNNING");
        System.out.flush();
        streams.awaitStopped();
    }
}
