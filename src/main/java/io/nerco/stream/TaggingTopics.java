package io.nerco.stream;

import io.nerco.avro.EntityMention;
import io.nerco.avro.EntityRecord;
import io.nerco.avro.TextEvent;
import io.nerco.registry.AvroSerde;
import io.nerco.registry.AvroSerdeSettings;
import io.nerco.registry.SchemaRegistryClient;
import java.util.Objects;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The topics of the {@link TaggingTopology}. The dead-letter topic carries the bytes of the
 * rejected input as they were read (or, for a tagging failure, the event re-serialised with
 * the input serde) with the reason in headers, see {@link DeadLetters}; it is a name only
 * because Kafka Streams writes it outside the topology's sinks.
 *
 * @param textEvents  input, keyed by event id
 * @param entities    one {@code EntityRecord} per accepted event, same key
 * @param mentions    one {@code EntityMention} per entity, keyed {@code TYPE|normalised text}
 * @param deadLetters name of the dead-letter topic
 */
public record TaggingTopics(
        Topic<String, TextEvent> textEvents,
        Topic<String, EntityRecord> entities,
        Topic<String, EntityMention> mentions,
        String deadLetters) {

    public TaggingTopics {
        Objects.requireNonNull(textEvents, "textEvents");
        Objects.requireNonNull(entities, "entities");
        Objects.requireNonNull(mentions, "mentions");
        Objects.requireNonNull(deadLetters, "deadLetters");
        if (deadLetters.isBlank()) {
            throw new IllegalArgumentException("dead-letter topic name is blank");
        }
    }

    /**
     * The topics with String keys and Avro values in the Confluent wire format through
     * {@code registry} (schemas registered under {@code <topic>-value} on first write).
     * The client is shared, not closed by the serdes: its creator closes it.
     */
    public static TaggingTopics withRegistry(String textEvents, String entities, String mentions, String deadLetters,
            SchemaRegistryClient registry) {
        AvroSerdeSettings values = AvroSerdeSettings.defaults();
        return new TaggingTopics(
                new Topic<>(textEvents, Serdes.String(), AvroSerde.specific(TextEvent.class, registry, values)),
                new Topic<>(entities, Serdes.String(), AvroSerde.specific(EntityRecord.class, registry, values)),
                new Topic<>(mentions, Serdes.String(), AvroSerde.specific(EntityMention.class, registry, values)),
                deadLetters);
    }
}
