package io.nerco.registry;

import java.io.EOFException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads Confluent-framed Avro: takes the schema id from the header, fetches the writer schema
 * by id (cached) and resolves it to the reader schema with Avro's schema resolution, so data
 * written with an older or newer compatible schema reads fine. {@code null} reads as null.
 *
 * <p>Every failure is an {@link AvroDeserializationException} whose
 * {@link AvroDeserializationException#reason() reason} names it; see
 * {@link DeserializationFailure#recordAtFault()} before dead-lettering.
 *
 * <p>Thread-safe once configured. Closing it closes the registry client only when it made that
 * client itself from {@code schema.registry.url}.
 */
public final class AvroDeserializer<T extends IndexedRecord> implements Deserializer<T> {
    private final RegistryClientHolder client;
    private final Schema readerSchema;
    private final boolean specific;
    private final Map<Integer, DatumReader<T>> readers = new ConcurrentHashMap<>();

    AvroDeserializer(RegistryClientHolder client, Schema readerSchema, boolean specific) {
        this.client = client;
        this.readerSchema = readerSchema;
        this.specific = specific;
    }

    /** Reads into {@code type}'s generated class; makes its own client in {@link #configure}. */
    public static <T extends SpecificRecord> AvroDeserializer<T> specific(Class<T> type) {
        return new AvroDeserializer<>(new RegistryClientHolder(), SpecificData.get().getSchema(type), true);
    }

    /** Reads into {@code type}'s generated class through a shared {@code client} (not closed here). */
    public static <T extends SpecificRecord> AvroDeserializer<T> specific(Class<T> type, SchemaRegistryClient client) {
        return new AvroDeserializer<>(new RegistryClientHolder(client), SpecificData.get().getSchema(type), true);
    }

    /**
     * Reads generic records through a shared {@code client} (not closed here), resolved to
     * {@code readerSchema}, or in each record's writer schema when {@code readerSchema} is null.
     */
    public static AvroDeserializer<GenericRecord> generic(Schema readerSchema, SchemaRegistryClient client) {
        return new AvroDeserializer<>(new RegistryClientHolder(client), readerSchema, false);
    }

    /** Like {@link #generic(Schema, SchemaRegistryClient)}, making its own client in {@link #configure}. */
    public static AvroDeserializer<GenericRecord> generic(Schema readerSchema) {
        return new AvroDeserializer<>(new RegistryClientHolder(), readerSchema, false);
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        client.configure(configs);
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        WireFormat.Frame frame = WireFormat.decode(data);
        DatumReader<T> reader = readerFor(frame.schemaId());
        ByteBuffer body = frame.body();
        BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(data, data.length - body.remaining(), body.remaining(), null);
        T record;
        try {
            record = reader.read(null, decoder);
        } catch (EOFException e) {
            throw new TruncatedPayloadException(frame.schemaId(), body.remaining(), e);
        } catch (Exception e) {
            throw new AvroDeserializationException(DeserializationFailure.MALFORMED_AVRO, OptionalInt.of(frame.schemaId()),
                    "Avro body does not decode with schema id " + frame.schemaId() + ": " + e, e);
        }
        try {
            if (!decoder.isEnd()) {
                throw new AvroDeserializationException(DeserializationFailure.MALFORMED_AVRO, OptionalInt.of(frame.schemaId()),
                        "bytes left over after the record written with schema id " + frame.schemaId(), null);
            }
        } catch (java.io.IOException e) {
            throw new AvroDeserializationException(DeserializationFailure.MALFORMED_AVRO, OptionalInt.of(frame.schemaId()),
                    e.toString(), e);
        }
        return record;
    }

    @Override
    public void close() {
        client.close();
    }

    private DatumReader<T> readerFor(int schemaId) {
        DatumReader<T> cached = readers.get(schemaId);
        if (cached != null) {
            return cached;
        }
        Schema writer;
        try {
            writer = client.get().schemaById(schemaId);
        } catch (SchemaNotFoundException e) {
            throw new AvroDeserializationException(DeserializationFailure.UNKNOWN_SCHEMA_ID, OptionalInt.of(schemaId),
                    "the registry has no schema with id " + schemaId, e);
        } catch (SchemaRegistryException e) {
            throw new AvroDeserializationException(DeserializationFailure.REGISTRY_UNAVAILABLE, OptionalInt.of(schemaId),
                    "cannot fetch schema id " + schemaId + ": " + e.getMessage(), e);
        }
        Schema reader = readerSchema == null ? writer : readerSchema;
        SchemaCompatibility.SchemaPairCompatibility compatibility =
                SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
        if (compatibility.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
            throw new AvroDeserializationException(DeserializationFailure.INCOMPATIBLE_SCHEMA, OptionalInt.of(schemaId),
                    "writer schema id " + schemaId + " (" + writer.getFullName() + ") cannot be read as "
                            + reader.getFullName() + ": " + compatibility.getResult().getIncompatibilities(), null);
        }
        DatumReader<T> made = specific ? new SpecificDatumReader<>(writer, reader) : new GenericDatumReader<>(writer, reader);
        DatumReader<T> raced = readers.putIfAbsent(schemaId, made);
        return raced != null ? raced : made;
    }

    @Override
    public String toString() {
        return "AvroDeserializer[" + (readerSchema == null ? "writer schema" : readerSchema.getFullName()) + "]";
    }

}
