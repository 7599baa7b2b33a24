package io.nerco.stream;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.streams.state.RocksDBConfigSetter;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Cache;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.WriteBufferManager;

/**
 * Caps the off-heap memory of every RocksDB state store of this process by construction: all
 * stores share one block cache of {@value #MEMORY_CONFIG} megabytes; their memtables are
 * charged to that cache through one {@link WriteBufferManager}, which stalls writes while they
 * hold more than half of it, until a flush frees some; and index and filter blocks live in the
 * cache too instead of growing beside it. The cache is not strict (a full strict cache fails
 * reads), so blocks in use by a read can take it a little over the bound, never by a multiple. Without it each store instance (one per
 * store and partition: five stores over two partitions is ten) takes Kafka Streams' defaults
 * of a 50 MB block cache and three 16 MB memtables, so the bound grew with the partitions
 * assigned. {@link TaggingStreams} installs this setter unless the application names its own.
 *
 * <p>The cache is created on the first store opened with a given size and never closed while
 * the process lives: stores open and close with rebalances, the shared cache must outlast
 * them all. Kafka Streams creates one instance per store; thread-safe.
 */
public final class BoundedStateMemory implements RocksDBConfigSetter {
    /** Megabytes of off-heap memory all state stores of the process share: block cache, memtables, indexes and filters. */
    public static final String MEMORY_CONFIG = "nerco.state.memory-mb";
    public static final long DEFAULT_MEMORY_MB = 64;
    /** Share of the bound the memtables may take before RocksDB flushes them. */
    static final double MEMTABLE_SHARE = 0.5;
    /** Share of the cache reserved for index and filter blocks, evicted last. */
    static final double INDEX_AND_FILTER_SHARE = 0.1;
    static final long MEMTABLE_BYTES = 8L << 20;
    static final int MEMTABLES = 2;

    private static final Map<Long, Shared> SHARED = new ConcurrentHashMap<>();

    private record Shared(Cache cache, WriteBufferManager writeBuffers) {
    }

    @Override
    public void setConfig(String storeName, Options options, Map<String, Object> configs) {
        long bytes = memoryMb(configs) << 20;
        Shared shared = SHARED.computeIfAbsent(bytes, BoundedStateMemory::create);
        // Kafka Streams hands over its own table config; a bare Options has none yet
        BlockBasedTableConfig table = options.tableFormatConfig() instanceof BlockBasedTableConfig given ? given
                : new BlockBasedTableConfig();
        table.setBlockCache(shared.cache());
        table.setCacheIndexAndFilterBlocks(true);
        table.setCacheIndexAndFilterBlocksWithHighPriority(true);
        table.setPinTopLevelIndexAndFilter(true);
        options.setWriteBufferManager(shared.writeBuffers());
        options.setWriteBufferSize(Math.min(MEMTABLE_BYTES, (long) (bytes * MEMTABLE_SHARE / MEMTABLES)));
        options.setMaxWriteBufferNumber(MEMTABLES);
        options.setTableFormatConfig(table);
    }

    @Override
    public void close(String storeName, Options options) {
        // the cache and write buffer manager are shared by every store of the process: never closed here
    }

    /** The configured bound in megabytes, {@link #DEFAULT_MEMORY_MB} when unset. */
    static long memoryMb(Map<?, ?> configs) {
        Object value = configs.get(MEMORY_CONFIG);
        if (value == null || value.toString().isBlank()) {
            return DEFAULT_MEMORY_MB;
        }
        long mb;
        try {
            mb = Long.parseLong(value.toString().trim());
        } catch (NumberFormatException e) {
            throw new ConfigException(MEMORY_CONFIG, value, "not a whole number of megabytes");
        }
        if (mb < 8) {
            throw new ConfigException(MEMORY_CONFIG, value, "at least 8 MB: the memtables alone need a few");
        }
        return mb;
    }

    private static Shared create(long bytes) {
        Cache cache = new LRUCache(bytes, -1, false, INDEX_AND_FILTER_SHARE);
        return new Shared(cache, new WriteBufferManager((long) (bytes * MEMTABLE_SHARE), cache, true));
    }
}
