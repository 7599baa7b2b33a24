package io.nerco.convert;

import io.nerco.onnx.FloatTensor;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * A TensorFlow checkpoint in the tensor-bundle format ({@code tensorflow/core/util/tensor_bundle}):
 * {@code PREFIX.index}, a {@link SsTable} mapping each variable name to a {@code BundleEntryProto}
 * (dtype, shape, shard, offset, size, masked CRC32C), and {@code PREFIX.data-00000-of-0000N}, the
 * raw little-endian tensor bytes. The empty key holds the {@code BundleHeaderProto}.
 *
 * <p>Read without a TensorFlow runtime: the two protobuf messages are decoded by hand. Float
 * tensors only; partitioned (sliced) variables are refused. Immutable after reading.
 */
public final class TensorBundle {

    /** TensorFlow's {@code DT_FLOAT}. */
    static final int DT_FLOAT = 1;

    /** Where one variable's bytes lie. */
    record Entry(String name, int dtype, long[] shape, int shard, long offset, long size, Integer maskedCrc) {}

    private final Path prefix;
    private final Map<String, Entry> entries;
    private final int shards;

    private TensorBundle(Path prefix, Map<String, Entry> entries, int shards) {
        this.prefix = prefix;
        this.entries = entries;
        this.shards = shards;
    }

    /**
     * Opens the bundle {@code prefix} (for a SavedModel, {@code variables/variables}).
     *
     * @throws TensorBundleException when the index is not a tensor-bundle index
     */
    public static TensorBundle open(Path prefix) throws IOException {
        Path index = Path.of(prefix + ".index");
        Map<String, byte[]> table = SsTable.read(Files.readAllBytes(index), index.toString());
        byte[] header = table.remove("");
        if (header == null) {
            throw new TensorBundleException(index + ": no bundle header (empty key); not a tensor bundle");
        }
        int shards = readHeader(header, index.toString());
        Map<String, Entry> entries = new LinkedHashMap<>();
        table.forEach((name, value) -> entries.put(name, readEntry(name, value, index.toString())));
        return new TensorBundle(prefix, Collections.unmodifiableMap(entries), shards);
    }

    /** Variable names in key order. */
    public List<String> names() {
        return new ArrayList<>(entries.keySet());
    }

    public boolean contains(String name) {
        return entries.containsKey(name);
    }

    /** The shape of a variable. */
    public long[] shape(String name) {
        return entry(name).shape().clone();
    }

    /**
     * Reads one float variable, checking its checksum.
     *
     * @throws TensorBundleException for an unknown name, another dtype, or a checksum mismatch
     */
    public FloatTensor floatTensor(String name) throws IOException {
        Entry e = entry(name);
        if (e.dtype() != DT_FLOAT) {
            throw new TensorBundleException(name + " has TensorFlow dtype " + e.dtype() + ", not DT_FLOAT");
        }
        long elements = 1;
        for (long d : e.shape()) {
            elements *= d;
        }
        if (e.size() != elements * Float.BYTES) {
            throw new TensorBundleException(name + ": " + e.size() + " bytes for " + elements + " floats");
        }
        byte[] bytes = new byte[Math.toIntExact(e.size())];
        try (var channel = Files.newByteChannel(shardPath(e.shard()))) {
            channel.position(e.offset());
            ByteBuffer target = ByteBuffer.wrap(bytes);
            while (target.hasRemaining()) {
                if (channel.read(target) < 0) {
                    throw new TensorBundleException(name + ": data shard " + shardPath(e.shard()) + " ends before byte "
                            + (e.offset() + e.size()));
                }
            }
        }
        if (e.maskedCrc() != null) {
            CRC32C crc = new CRC32C();
            crc.update(bytes);
            int actual = mask((int) crc.getValue());
            if (actual != e.maskedCrc()) {
                throw new TensorBundleException(name + ": checksum mismatch in " + shardPath(e.shard()));
            }
        }
        float[] values = new float[Math.toIntExact(elements)];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(values);
        return new FloatTensor(e.shape().clone(), values);
    }

    private Entry entry(String name) {
        Entry e = entries.get(name);
        if (e == null) {
            throw new TensorBundleException("no variable " + name + " in " + prefix + ".index");
        }
        return e;
    }

    private Path shardPath(int shard) {
        return Path.of(String.format("%s.data-%05d-of-%05d", prefix, shard, shards));
    }

    /** LevelDB's CRC mask, which TensorFlow applies to the checksums it stores. */
    static int mask(int crc) {
        return ((crc >>> 15) | (crc << 17)) + 0xa282ead8;
    }

    private static int readHeader(byte[] header, String source) {
        int shards = 1;
        SsTable.Cursor c = new SsTable.Cursor(header, 0, source);
        while (c.hasMore()) {
            long tag = c.varint();
            int field = (int) (tag >>> 3);
            int wire = (int) (tag & 7);
            if (field == 1 && wire == 0) {
                shards = Math.toIntExact(c.varint());
            } else if (field == 2 && wire == 0) {
                long endianness = c.varint();
                if (endianness != 0) {
                    throw new TensorBundleException(source + ": big-endian bundles are not supported");
                }
            } else {
                skip(c, wire, source);
            }
        }
        if (shards < 1) {
            throw new TensorBundleException(source + ": bundle header declares " + shards + " shards");
        }
        return shards;
    }

    private static Entry readEntry(String name, byte[] value, String source) {
        int dtype = 0;
        List<Long> shape = new ArrayList<>();
        int shard = 0;
        long offset = 0;
        long size = 0;
        Integer crc = null;
        SsTable.Cursor c = new SsTable.Cursor(value, 0, source);
        while (c.hasMore()) {
            long tag = c.varint();
            int field = (int) (tag >>> 3);
            int wire = (int) (tag & 7);
            switch (field) {
                case 1 -> dtype = Math.toIntExact(c.varint());
                case 2 -> shape = readShape(c.bytes(Math.toIntExact(c.varint())), source);
                case 3 -> shard = Math.toIntExact(c.varint());
                case 4 -> offset = c.varint();
                case 5 -> size = c.varint();
                case 6 -> crc = ByteBuffer.wrap(c.bytes(4)).order(ByteOrder.LITTLE_ENDIAN).getInt();
                case 7 -> throw new TensorBundleException(source + ": variable " + name
                        + " is partitioned into slices, which is not supported");
                default -> skip(c, wire, source);
            }
        }
        return new Entry(name, dtype, shape.stream().mapToLong(Long::longValue).toArray(), shard, offset, size, crc);
    }

    /** {@code TensorShapeProto}: repeated {@code Dim dim = 2}, each with {@code int64 size = 1}. */
    private static List<Long> readShape(byte[] bytes, String source) {
        List<Long> dims = new ArrayList<>();
        SsTable.Cursor c = new SsTable.Cursor(bytes, 0, source);
        while (c.hasMore()) {
            long tag = c.varint();
            if (tag >>> 3 == 2 && (tag & 7) == 2) {
                SsTable.Cursor dim = new SsTable.Cursor(c.bytes(Math.toIntExact(c.varint())), 0, source);
                long size = 0;
                while (dim.hasMore()) {
                    long t = dim.varint();
                    if (t >>> 3 == 1 && (t & 7) == 0) {
                        size = dim.varint();
                    } else {
                        skip(dim, (int) (t & 7), source);
                    }
                }
                dims.add(size);
            } else {
                skip(c, (int) (tag & 7), source);
            }
        }
        return dims;
    }

    private static void skip(SsTable.Cursor c, int wireType, String source) {
        switch (wireType) {
            case 0 -> c.varint();
            case 1 -> c.skip(8);
            case 2 -> c.skip(Math.toIntExact(c.varint()));
            case 5 -> c.skip(4);
            default -> throw new TensorBundleException(source + ": unsupported protobuf wire type " + wireType);
        }
    }
}
