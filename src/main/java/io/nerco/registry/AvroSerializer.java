package io.nerco.registry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes Avro records (specific or generic) in the Confluent wire format. The writer schema is
 * the record's own; its id comes from the registry under the subject that the
 * {@link SubjectNameStrategy} names, registered first when {@code auto.register.schemas} is
 * on. Ids are cached by the client. {@code null} is written as {@code null} (a tombstone).
 *
 * <p>Thread-safe once configured. Closing it closes the registry client only when this
 * serializer made that client itself from {@code schema.registry.url}.
 */
public final class AvroSerializer<T extends IndexedRecord> implements Serializer<T> {
    private final RegistryClientHolder client;
    private volatile AvroSerdeSettings settings;
    private final Map<Schema, SpecificDatumWriter<T>> writers = new ConcurrentHashMap<>();

    /** A serializer that makes its own client in {@link #configure}. */
    public AvroSerializer() {
        this.client = new RegistryClientHolder();
        this.settings = AvroSerdeSettings.defaults();
    }

    /** A serializer on a shared client (not closed here), with {@code settings}; configure is optional. */
    public AvroSerializer(SchemaRegistryClient client, AvroSerdeSettings settings) {
        this(new RegistryClientHolder(client), settings);
    }

    AvroSerializer(RegistryClientHolder client, AvroSerdeSettings settings) {
        this.client = client;
        this.settings = java.util.Objects.requireNonNull(settings, "settings");
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        client.configure(configs);
        settings = RegistryConfig.serdeSettings(configs, isKey);
    }

    @Override
    public byte[] serialize(String topic, T data) {
        if (data == null) {
            return null;
        }
        Schema schema = data.getSchema();
        AvroSerdeSettings s = settings;
        String subject;
        int id;
        try {
            subject = s.subjectNameStrategy().subjectName(topic, s.isKey(), schema);
            id = s.autoRegisterSchemas() ? client.get().register(subject, schema) : client.get().idOf(subject, schema);
        } catch (RuntimeException e) {
            throw new SerializationException("cannot get a schema id for " + schema.getFullName() + " on topic "
                    + topic + ": " + e.getMessage(), e);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(64);
        out.writeBytes(WireFormat.header(id));
        try {
            BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
            writers.computeIfAbsent(schema, SpecificDatumWriter::new).write(data, encoder);
            encoder.flush();
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("cannot write " + schema.getFullName() + " as Avro: " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    @Override
    public void close() {
        client.close();
    }
}
