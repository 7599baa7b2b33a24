package io.nerco.stream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** Plain Avro binary (no registry framing) for TopologyTestDriver tests. */
final class AvroBinarySerde<T extends SpecificRecord> implements Serde<T> {
    private final Class<T> type;

    AvroBinarySerde(Class<T> type) {
        this.type = type;
    }

    @Override
    public Serializer<T> serializer() {
        var writer = new SpecificDatumWriter<T>(SpecificData.get().getSchema(type));
        return (topic, value) -> {
            if (value == null) {
                return null;
            }
            try {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
                writer.write(value, encoder);
                encoder.flush();
                return out.toByteArray();
            } catch (IOException e) {
                throw new SerializationException(e);
            }
        };
    }

    @Override
    public Deserializer<T> deserializer() {
        var reader = new SpecificDatumReader<T>(type);
        return (topic, bytes) -> {
            if (bytes == null) {
                return null;
            }
            try {
                var decoder = DecoderFactory.get().binaryDecoder(bytes, null);
                T value = reader.read(null, decoder);
                if (!decoder.isEnd()) {
                    throw new SerializationException("bytes left over after a " + type.getSimpleName());
                }
                return value;
            } catch (IOException | RuntimeException e) {
                throw new SerializationException("not a " + type.getSimpleName(), e);
            }
        };
    }
}
