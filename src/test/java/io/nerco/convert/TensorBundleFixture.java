package io.nerco.convert;

import io.nerco.onnx.FloatTensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.CRC32C;

/**
 * Writes small TensorFlow tensor bundles for tests, in the format TensorFlow writes: a LevelDB
 * table (prefix-compressed keys, a restart point every {@code restartInterval} entries, data
 * blocks of at most {@code blockBytes}, an index block, the footer) and one data shard.
 */
final class TensorBundleFixture {

    private final int restartInterval;
    private final int blockBytes;

    TensorBundleFixture(int restartInterval, int blockBytes) {
        this.restartInterval = restartInterval;
        this.blockBytes = blockBytes;
    }

    /** Writes {@code prefix.index} and {@code prefix.data-00000-of-00001}. */
    void write(Path prefix, Map<String, FloatTensor> variables) throws IOException {
        Map<String, byte[]> entries = new TreeMap<>();
        entries.put("", header());
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        for (Map.Entry<String, FloatTensor> v : variables.entrySet()) {
            byte[] bytes = littleEndian(v.getValue().data());
            entries.put(v.getKey(), entry(v.getValue().shape(), data.size(), bytes));
            data.write(bytes);
        }
        Files.createDirectories(prefix.toAbsolutePath().getParent());
        Files.write(Path.of(prefix + ".data-00000-of-00001"), data.toByteArray());
        Files.write(Path.of(prefix + ".index"), table(entries));
    }

    byte[] table(Map<String, byte[]> sorted) {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        Map<String, byte[]> index = new TreeMap<>();
        List<Map.Entry<String, byte[]>> pending = new ArrayList<>();
        int pendingBytes = 0;
        for (Map.Entry<String, byte[]> e : sorted.entrySet()) {
            pending.add(e);
            pendingBytes += e.getKey().length() + e.getValue().length;
            if (pendingBytes >= blockBytes) {
                index.put(e.getKey(), flush(file, pending));
                pending.clear();
                pendingBytes = 0;
            }
        }
        if (!pending.isEmpty()) {
            index.put(pending.getLast().getKey(), flush(file, pending));
        }
        byte[] indexHandle = flush(file, new ArrayList<>(index.entrySet()));
        byte[] metaHandle = flush(file, List.of());
        ByteArrayOutputStream footer = new ByteArrayOutputStream();
        footer.writeBytes(metaHandle);
        footer.writeBytes(indexHandle);
        while (footer.size() < SsTable.FOOTER_LENGTH - 8) {
            footer.write(0);
        }
        footer.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(SsTable.MAGIC).array());
        file.writeBytes(footer.toByteArray());
        return file.toByteArray();
    }

    /** Appends one block and returns its handle (offset and size as varints). */
    private byte[] flush(ByteArrayOutputStream file, List<Map.Entry<String, byte[]>> entries) {
        int offset = file.size();
        ByteArrayOutputStream block = new ByteArrayOutputStream();
        List<Integer> restarts = new ArrayList<>();
        byte[] previous = new byte[0];
        for (int i = 0; i < entries.size(); i++) {
            byte[] key = entries.get(i).getKey().getBytes(StandardCharsets.UTF_8);
            int shared = 0;
            if (i % restartInterval == 0) {
                restarts.add(block.size());
            } else {
                while (shared < Math.min(key.length, previous.length) && key[shared] == previous[shared]) {
                    shared++;
                }
            }
            byte[] value = entries.get(i).getValue();
            varint(block, shared);
            varint(block, key.length - shared);
            varint(block, value.length);
            block.write(key, shared, key.length - shared);
            block.writeBytes(value);
            previous = key;
        }
        if (restarts.isEmpty()) {
            restarts.add(0);
        }
        ByteBuffer tail = ByteBuffer.allocate(4 * restarts.size() + 4).order(ByteOrder.LITTLE_ENDIAN);
        restarts.forEach(tail::putInt);
        tail.putInt(restarts.size());
        block.writeBytes(tail.array());
        file.writeBytes(block.toByteArray());
        file.write(0); // no compression
        file.writeBytes(new byte[4]); // block checksum, not verified by the reader
        ByteArrayOutputStream handle = new ByteArrayOutputStream();
        varint(handle, offset);
        varint(handle, block.size());
        return handle.toByteArray();
    }

    private static byte[] header() {
        ByteArrayOutputStream h = new ByteArrayOutputStream();
        varint(h, 1 << 3); // num_shards
        varint(h, 1);
        return h.toByteArray();
    }

    private static byte[] entry(long[] shape, long offset, byte[] bytes) {
        ByteArrayOutputStream shapeProto = new ByteArrayOutputStream();
        for (long d : shape) {
            ByteArrayOutputStream dim = new ByteArrayOutputStream();
            varint(dim, 1 << 3);
            varint(dim, d);
            varint(shapeProto, (2 << 3) | 2);
            varint(shapeProto, dim.size());
            shapeProto.writeBytes(dim.toByteArray());
        }
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        varint(e, 1 << 3);
        varint(e, TensorBundle.DT_FLOAT);
        varint(e, (2 << 3) | 2);
        varint(e, shapeProto.size());
        e.writeBytes(shapeProto.toByteArray());
        if (offset > 0) {
            varint(e, 4 << 3);
            varint(e, offset);
        }
        varint(e, 5 << 3);
        varint(e, bytes.length);
        CRC32C crc = new CRC32C();
        crc.update(bytes);
        varint(e, (6 << 3) | 5);
        e.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(TensorBundle.mask((int) crc.getValue())).array());
        return e.toByteArray();
    }

    private static byte[] littleEndian(float[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(values);
        return b.array();
    }

    static void varint(ByteArrayOutputStream out, long value) {
        while ((value & ~0x7fL) != 0) {
            out.write((int) ((value & 0x7f) | 0x80));
            value >>>= 7;
        }
        out.write((int) value);
    }
}
