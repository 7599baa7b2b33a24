package io.nerco.cli;

import io.nerco.avro.LabeledEvent;
import io.nerco.avro.TextEvent;
import io.nerco.eval.ConllReader;
import io.nerco.eval.ConllToLabeled;
import io.nerco.eval.LabeledDocument;
import io.nerco.registry.AvroSerde;
import io.nerco.registry.AvroSerdeSettings;
import io.nerco.registry.SchemaRegistryClient;
import io.nerco.registry.SchemaRegistrySettings;
import io.nerco.stream.CheckedProducer;
import io.nerco.stream.LabeledEvents;
import io.nerco.stream.TextEventLines;
import io.nerco.stream.UndeliveredRecordsException;
import java.io.BufferedReader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.avro.specific.SpecificRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code nerco produce}: text lines or JSON lines from files to a topic as TextEvents, or, with
 * {@code --labeled}, CoNLL files (format and tag scheme detected, as {@code nerco eval} does)
 * as LabeledEvents for the quality topology: sentences joined into documents with exact char
 * offsets by {@code ConllToLabeled}, one event per document keyed by its id
 * ({@code file#index}), all with the same event time. Values go through the registry serde
 * (Confluent wire format).
 */
@Command(name = "produce", mixinStandardHelpOptions = true,
        description = "Send text lines or JSON lines {id, text, source, language} as TextEvents, "
                + "or with --labeled CoNLL files as LabeledEvents, to a topic.")
public final class ProduceCommand implements Callable<Integer> {
    @Option(names = "--bootstrap-servers", required = true) String bootstrapServers;
    @Option(names = "--registry-url", required = true) URI registryUrl;
    @Option(names = "--topic", description = "default text-events, or labeled-events with --labeled") String topic;
    @Option(names = "--source", defaultValue = "file", description = "source for events that do not name one (default ${DEFAULT-VALUE})")
    String source;
    @Option(names = "--labeled", description = "the files are CoNLL files; send LabeledEvents") boolean labeled;
    @Option(names = "--sentences-per-document", defaultValue = "10",
            description = "with --labeled, for files without -DOCSTART- lines (default ${DEFAULT-VALUE})") int sentencesPerDocument;
    @Option(names = "--event-time", description = "with --labeled, the events' time, ISO-8601 (default now)") Instant eventTime;
    @Option(names = "--no-gold-tokens", negatable = false,
            description = "with --labeled, leave out the gold tokens so the model segments the text itself") boolean noGoldTokens;
    @Parameters(arity = "1..*", description = "files (text lines: blank lines skipped)") List<Path> files;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        String target = topic != null ? topic : labeled ? "labeled-events" : "text-events";
        long sent;
        try (var registry = new SchemaRegistryClient(SchemaRegistrySettings.of(registryUrl))) {
            sent = labeled ? sendLabeled(registry, target) : sendText(registry, target);
        } catch (UndeliveredRecordsException e) {
            spec.commandLine().getErr().println("produce to " + target + " failed: " + e.getMessage());
            spec.commandLine().getErr().flush();
            return 1;
        }
        spec.commandLine().getOut().println(sent + (labeled ? " labeled events" : " events") + " written to " + target);
        spec.commandLine().getOut().flush();
        return 0;
    }

    private long sendText(SchemaRegistryClient registry, String target) throws Exception {
        var lines = new TextEventLines(source, Clock.systemUTC());
        try (var producer = producer(registry, TextEvent.class)) {
            for (Path file : files) {
                try (BufferedReader in = Files.newBufferedReader(file)) {
                    String line;
                    while ((line = in.readLine()) != null) {
                        if (!line.isBlank()) {
                            TextEvent event = lines.parse(line);
                            producer.send(target, event.getId(), event);
                        }
                    }
                }
            }
            producer.flush();
            return producer.acknowledged();
        }
    }

    private long sendLabeled(SchemaRegistryClient registry, String target) throws Exception {
        Instant at = eventTime != null ? eventTime : Instant.now();
        ConllToLabeled converter = new ConllToLabeled(sentencesPerDocument);
        try (var producer = producer(registry, LabeledEvent.class)) {
            for (Path file : files) {
                for (LabeledDocument doc : converter.convert(ConllReader.detecting().read(file))) {
                    LabeledEvent event = LabeledEvents.of(doc, source, at, !noGoldTokens);
                    producer.send(target, event.getId(), event);
                }
            }
            producer.flush();
            return producer.acknowledged();
        }
    }

    private <T extends SpecificRecord> CheckedProducer<T> producer(SchemaRegistryClient registry, Class<T> type) {
        return new CheckedProducer<>(bootstrapServers, AvroSerde.specific(type, registry, AvroSerdeSettings.defaults()).serializer());
    }
}
