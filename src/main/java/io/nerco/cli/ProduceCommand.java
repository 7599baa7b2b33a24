package io.nerco.cli;

import io.nerco.avro.TextEvent;
import io.nerco.registry.AvroSerde;
import io.nerco.registry.AvroSerdeSettings;
import io.nerco.registry.SchemaRegistryClient;
import io.nerco.registry.SchemaRegistrySettings;
import io.nerco.stream.TextEventLines;
import java.io.BufferedReader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code nerco produce}: text lines or JSON lines from a file to a topic as TextEvents, keyed by id. */
@Command(name = "produce", mixinStandardHelpOptions = true,
        description = "Send text lines or JSON lines {id, text, source, language} from a file to a topic as TextEvents.")
public final class ProduceCommand implements Callable<Integer> {
    @Option(names = "--bootstrap-servers", required = true) String bootstrapServers;
    @Option(names = "--registry-url", required = true) URI registryUrl;
    @Option(names = "--topic", defaultValue = "text-events") String topic;
    @Option(names = "--source", defaultValue = "file", description = "source for lines that do not name one") String source;
    @Parameters(index = "0", description = "file of lines (blank lines skipped)") Path file;

    @Override
    public Integer call() throws Exception {
        var lines = new TextEventLines(source, Clock.systemUTC());
        long sent = 0;
        try (var registry = new SchemaRegistryClient(SchemaRegistrySettings.of(registryUrl));
                var serde = AvroSerde.specific(TextEvent.class, registry, AvroSerdeSettings.defaults());
                var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                        ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), serde.serializer());
                BufferedReader in = Files.newBufferedReader(file)) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                TextEvent event = lines.parse(line);
                producer.send(new ProducerRecord<>(topic, event.getId(), event));
                sent++;
            }
            producer.flush();
        }
        System.out.println(sent + " events sent to " + topic);
        return 0;
    }
}
