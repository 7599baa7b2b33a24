package io.nerco.convert;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads every entry of an immutable sorted table in the LevelDB format, which TensorFlow uses
 * for the index of a tensor bundle ({@code tensorflow/core/lib/io/table.cc}): data blocks of
 * prefix-compressed entries with a restart array, an index block of block handles, and a
 * 48-byte footer ending in a magic number. Only uncompressed blocks are supported, which is what
 * TensorFlow writes for bundle indexes.
 */
final class SsTable {

    static final long MAGIC = 0xdb4775248b80fb57L;
    static final int FOOTER_LENGTH = 48;
    /** A block is followed by one byte of compression type and a four-byte checksum. */
    static final int BLOCK_TRAILER_LENGTH = 5;

    private SsTable() {}

    /**
     * All entries in key order, keys decoded as UTF-8.
     *
     * @throws TensorBundleException when the bytes are not such a table
     */
    static Map<String, byte[]> read(byte[] table, String source) {
        if (table.length < FOOTER_LENGTH) {
            throw new TensorBundleException(source + ": " + table.length + " bytes is too short for a table footer");
        }
        ByteBuffer footer = ByteBuffer.wrap(table, table.length - FOOTER_LENGTH, FOOTER_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
        long magic = footer.getLong(table.length - 8);
        if (magic != MAGIC) {
            throw new TensorBundleException(source + ": bad table magic " + Long.toHexString(magic) + "; not a TensorFlow index");
        }
        Cursor cursor = new Cursor(table, table.length - FOOTER_LENGTH, source);
        cursor.varint(); // metaindex offset
        cursor.varint(); // metaindex size
        long indexOffset = cursor.varint();
        long indexSize = cursor.varint();
        Map<String, byte[]> entries = new LinkedHashMap<>();
        for (byte[] handle : block(table, indexOffset, indexSize, source).values()) {
            Cursor h = new Cursor(handle, 0, source);
            entries.putAll(block(table, h.varint(), h.varint(), source));
        }
        return entries;
    }

    /** The entries of one block; restart points are not needed to read a block front to back. */
    static Map<String, byte[]> block(byte[] table, long offset, long size, String source) {
        if (offset < 0 || size < 4 || offset + size + BLOCK_TRAILER_LENGTH > table.length) {
            throw new TensorBundleException(source + ": block [" + offset + ", +" + size + ") lies outside the file");
        }
        int start = Math.toIntExact(offset);
        int end = Math.toIntExact(offset + size);
        int compression = table[end];
        if (compression != 0) {
            throw new TensorBundleException(source + ": block at " + offset + " is compressed (type " + compression
                    + "); only uncompressed tables are supported");
        }
        int restarts = ByteBuffer.wrap(table, end - 4, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
        int entriesEnd = end - 4 - 4 * restarts;
        if (restarts < 0 || entriesEnd < start) {
            throw new TensorBundleException(source + ": block at " + offset + " has a bad restart count " + restarts);
        }
        Map<String, byte[]> entries = new LinkedHashMap<>();
        Cursor c = new Cursor(table, start, source);
        byte[] key = new byte[0];
        while (c.position < entriesEnd) {
            int shared = Math.toIntExact(c.varint());
            int unshared = Math.toIntExact(c.varint());
            int valueLength = Math.toIntExact(c.varint());
            if (shared > key.length || c.position + unshared + valueLength > entriesEnd) {
                throw new TensorBundleException(source + ": corrupt entry at byte " + c.position);
            }
            byte[] next = new byte[shared + unshared];
            System.arraycopy(key, 0, next, 0, shared);
            System.arraycopy(table, c.position, next, shared, unshared);
            c.position += unshared;
            byte[] value = new byte[valueLength];
            System.arraycopy(table, c.position, value, 0, valueLength);
            c.position += valueLength;
            key = next;
            entries.put(new String(key, StandardCharsets.UTF_8), value);
        }
        return entries;
    }

    /** A read position over bytes with LevelDB's and protobuf's base-128 varints. */
    static final class Cursor {
        private final byte[] bytes;
        private final String source;
        int position;

        Cursor(byte[] bytes, int position, String source) {
            this.bytes = bytes;
            this.position = position;
            this.source = source;
        }

        boolean hasMore() {
            return position < bytes.length;
        }

        long varint() {
            long result = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (position >= bytes.length) {
                    throw new TensorBundleException(source + ": varint runs past the end");
                }
                byte b = bytes[position++];
                result |= (long) (b & 0x7f) << shift;
                if (b >= 0) {
                    return result;
                }
            }
            throw new TensorBundleException(source + ": varint longer than 10 bytes");
        }

        byte[] bytes(int length) {
            if (length < 0 || position + length > bytes.length) {
                throw new TensorBundleException(source + ": field of " + length + " bytes runs past the end");
            }
            byte[] out = new byte[length];
            System.arraycopy(bytes, position, out, 0, length);
            position += length;
            return out;
        }

        void skip(int length) {
            bytes(length);
        }
    }
}
