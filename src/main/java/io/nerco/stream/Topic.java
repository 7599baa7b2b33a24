package io.nerco.stream;

import java.util.Objects;
import org.apache.kafka.common.serialization.Serde;

/**
 * A topic name with the serdes of its keys and values, declared once and passed around so
 * a topic's name and format can never disagree between producer, topology and consumer.
 * Immutable; the serdes are owned by whoever created them.
 *
 * @param name  topic name, not blank
 * @param key   key serde, not null
 * @param value value serde, not null
 */
public record Topic<K, V>(String name, Serde<K> key, Serde<V> value) {
    public Topic {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("topic name is blank");
        }
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
    }
}
