package io.nerco.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.apache.kafka.common.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;

class BoundedStateMemoryTest {

    static {
        RocksDB.loadLibrary();
    }

    @Test
    void everyStoreSharesOneCacheAndOneWriteBufferManager() {
        try (Options first = new Options(); Options second = new Options()) {
            BoundedStateMemory setter = new BoundedStateMemory();
            setter.setConfig("a", first, Map.of(BoundedStateMemory.MEMORY_CONFIG, "32"));
            setter.setConfig("b", second, Map.of(BoundedStateMemory.MEMORY_CONFIG, "32"));
            var firstTable = (BlockBasedTableConfig) first.tableFormatConfig();
            var secondTable = (BlockBasedTableConfig) second.tableFormatConfig();
            assertThat(firstTable.cacheIndexAndFilterBlocks()).isTrue();
            assertThat(first.writeBufferManager()).isNotNull().isSameAs(second.writeBufferManager());
            assertThat(first.maxWriteBufferNumber()).isEqualTo(BoundedStateMemory.MEMTABLES);
            assertThat(first.writeBufferSize() * first.maxWriteBufferNumber()).isLessThanOrEqualTo(32L << 20);
            assertThat(secondTable.cacheIndexAndFilterBlocks()).isTrue();
        }
    }

    /**
     * Real RocksDB instances, written and read well past the bound: the shared cache, which the
     * memtables are charged to, reports the configured capacity and stays near it, and the
     * memtables of all stores together stay within their share (without the setter, Kafka
     * Streams gives each store up to 3 x 16 MB of memtables and a 50 MB cache of its own).
     */
    @Test
    void storesWrittenPastTheBoundKeepTheirCacheWithinIt(@TempDir Path dir) throws Exception {
        long boundMb = 16;
        Map<String, Object> configs = Map.of(BoundedStateMemory.MEMORY_CONFIG, Long.toString(boundMb));
        BoundedStateMemory setter = new BoundedStateMemory();
        List<Options> options = new ArrayList<>();
        List<RocksDB> stores = new ArrayList<>();
        try {
            for (int s = 0; s < 4; s++) {
                Options o = new Options().setCreateIfMissing(true);
                setter.setConfig("store-" + s, o, configs);
                options.add(o);
                stores.add(RocksDB.open(o, dir.resolve("store-" + s).toString()));
            }
            Random random = new Random(7);
            byte[] value = new byte[4096];
            long maxUsage = 0;
            long maxMemtables = 0;
            for (int i = 0; i < 8_000; i++) { // 4 stores x 8,000 x 4 KiB: 128 MB, eight times the bound
                for (RocksDB store : stores) {
                    random.nextBytes(value);
                    store.put(("key-" + i).getBytes(StandardCharsets.UTF_8), value);
                }
                if (i % 500 == 0) {
                    for (RocksDB store : stores) {
                        for (int j = 0; j < i; j += 7) {
                            store.get(("key-" + j).getBytes(StandardCharsets.UTF_8));
                        }
                    }
                    maxUsage = Math.max(maxUsage, stores.getFirst().getLongProperty("rocksdb.block-cache-usage"));
                    maxMemtables = Math.max(maxMemtables, memtableBytes(stores));
                }
            }
            for (RocksDB store : stores) {
                assertThat(store.getLongProperty("rocksdb.block-cache-capacity")).isEqualTo(boundMb << 20);
            }
            assertThat(maxMemtables).as("memtables of all stores, stalled at the write buffer manager's share")
                    .isPositive().isLessThanOrEqualTo((long) ((boundMb << 20) * BoundedStateMemory.MEMTABLE_SHARE));
            // the LRU cache is not strict (a strict one fails reads when full): blocks in use by a read
            // and memtable reservations may take it a little over, never by a multiple
            assertThat(maxUsage).as("cache usage, memtables included").isPositive()
                    .isLessThanOrEqualTo((long) ((boundMb << 20) * 1.25));
        } finally {
            stores.forEach(RocksDB::close);
            options.forEach(Options::close);
        }
    }

    private static long memtableBytes(List<RocksDB> stores) throws Exception {
        long sum = 0;
        for (RocksDB store : stores) {
            sum += store.getLongProperty("rocksdb.cur-size-all-mem-tables");
        }
        return sum;
    }

    @Test
    void theBoundDefaultsTo64MbAndRejectsNonsense() {
        assertThat(BoundedStateMemory.memoryMb(Map.of())).isEqualTo(64);
        assertThat(BoundedStateMemory.memoryMb(Map.of(BoundedStateMemory.MEMORY_CONFIG, " 256 "))).isEqualTo(256);
        assertThatThrownBy(() -> BoundedStateMemory.memoryMb(Map.of(BoundedStateMemory.MEMORY_CONFIG, "lots")))
                .isInstanceOf(ConfigException.class).hasMessageContaining(BoundedStateMemory.MEMORY_CONFIG);
        assertThatThrownBy(() -> BoundedStateMemory.memoryMb(Map.of(BoundedStateMemory.MEMORY_CONFIG, "1")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("at least 8");
    }
}
