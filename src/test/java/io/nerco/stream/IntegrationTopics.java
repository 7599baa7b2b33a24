package io.nerco.stream;

import io.nerco.avro.EntityMention;
import io.nerco.avro.EntityRecord;
import io.nerco.avro.TextEvent;
import org.apache.kafka.common.serialization.Serdes;

/** Serdes and unique topic names for tests against a real broker. */
final class IntegrationTopics {
    private IntegrationTopics() {
    }

    /** Topics named {@code prefix-...}. */
    static TaggingTopics named(String prefix) {
        return new TaggingTopics(
                new Topic<>(prefix + "-text-events", Serdes.String(), new AvroBinarySerde<>(TextEvent.class)),
                new Topic<>(prefix + "-entities", Serdes.String(), new AvroBinarySerde<>(EntityRecord.class)),
                new Topic<>(prefix + "-entity-mentions", Serdes.String(), new AvroBinarySerde<>(EntityMention.class)),
                prefix + "-dead-letters");
    }
}
