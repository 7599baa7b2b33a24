package io.nerco.registry;

import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/**
 * A Kafka {@link Serde} for Avro records in the Confluent wire format: an
 * {@link AvroSerializer} and an {@link AvroDeserializer}. Make one with {@link #specific} or
 * {@link #generic}; given a shared {@link SchemaRegistryClient}, it works without
 * {@link #configure} (Kafka Streams does not configure serdes passed in code), with
 * {@link AvroSerdeSettings#defaults()} unless settings are given. Thread-safe.
 */
public final class AvroSerde<T extends IndexedRecord> implements Serde<T> {
    private final AvroSerializer<T> serializer;
    private final AvroDeserializer<T> deserializer;

    private AvroSerde(AvroSerializer<T> serializer, AvroDeserializer<T> deserializer) {
        this.serializer = serializer;
        this.deserializer = deserializer;
    }

    /** Specific records of {@code type} through a shared {@code client} (not closed by the serde). */
    public static <T extends SpecificRecord> AvroSerde<T> specific(Class<T> type, SchemaRegistryClient client,
                                                                   AvroSerdeSettings settings) {
        return new AvroSerde<>(new AvroSerializer<T>(client, settings), AvroDeserializer.specific(type, client));
    }

    /**
     * Specific records of {@code type}; the serde makes one client from {@link #configure}
     * (which it then needs), shares it between its serializer and deserializer, and closes it.
     */
    public static <T extends SpecificRecord> AvroSerde<T> specific(Class<T> type) {
        RegistryClientHolder owned = new RegistryClientHolder();
        return new AvroSerde<>(new AvroSerializer<T>(owned, AvroSerdeSettings.defaults()),
                new AvroDeserializer<>(owned, SpecificData.get().getSchema(type), true));
    }

    /**
     * Generic records through a shared {@code client}, read in {@code readerSchema} or, when it
     * is null, in each record's writer schema.
     */
    public static AvroSerde<GenericRecord> generic(Schema readerSchema, SchemaRegistryClient client, AvroSerdeSettings settings) {
        return new AvroSerde<>(new AvroSerializer<GenericRecord>(client, settings), AvroDeserializer.generic(readerSchema, client));
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        serializer.configure(configs, isKey);
        deserializer.configure(configs, isKey);
    }

    @Override
    public Serializer<T> serializer() {
        return serializer;
    }

    @Override
    public Deserializer<T> deserializer() {
        return deserializer;
    }

    @Override
    public void close() {
        serializer.close();
        deserializer.close();
    }
}
