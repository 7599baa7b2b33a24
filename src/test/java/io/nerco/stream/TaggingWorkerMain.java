package io.nerco.stream;

import io.nerco.registry.SchemaRegistryClient;
import io.nerco.registry.SchemaRegistrySettings;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;

/**
 * A tagging instance in its own JVM, for the test that kills one with SIGKILL mid-stream.
 * Arguments: bootstrap servers, application id, topic prefix, registry URL. Prints {@code RUNNING} once
 * the streams run, then blocks until killed.
 */
public final class TaggingWorkerMain {
    private TaggingWorkerMain() {
    }

    public static void main(String[] args) throws Exception {
        var settings = TaggingTopologyIntegrationTest.SETTINGS;
        var registry = new SchemaRegistryClient(SchemaRegistrySettings.of(URI.create(args[3])));
        var topology = new TaggingTopology(settings,
                new SlowTagger(new CapitalisedWordTagger(), TaggingTopologyIntegrationTest.SLOW_BATCH), IntegrationTopics.named(args[2], registry));
        var config = TaggingTopologyIntegrationTest.streamsConfig(args[0], args[1], Files.createTempDirectory("worker-state"));
        TaggingStreams streams = TaggingStreams.start(topology, config, Duration.ofSeconds(60));
        System.out.println("RUNNING");
        System.out.flush();
        streams.awaitStopped();
    }
}
