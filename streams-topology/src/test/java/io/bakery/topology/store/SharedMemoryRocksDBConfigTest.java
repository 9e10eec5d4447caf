package io.bakery.topology.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.bakery.schemas.config.BakeryConfig;
import io.bakery.topology.TopologySettings;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.internals.BlockBasedTableConfigWithAccessibleCache;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.BloomFilter;
import org.rocksdb.Options;

class SharedMemoryRocksDBConfigTest {

    @TempDir
    Path stateDir;

    @Test
    void shouldNameTheSharedMemorySetterAndItsSizesInTheAppsStreamsConfig() {
        final Properties props = settings().withRocksDbMemory(new RocksDBMemory(256L << 20, 32L << 20))
                .toStreamsProperties();

        assertThat(props.get(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG)).isEqualTo(SharedMemoryRocksDBConfig.class);
        assertThat(RocksDBMemory.from(asMap(props))).isEqualTo(new RocksDBMemory(256L << 20, 32L << 20));
    }

    @Test
    void shouldBoundMemoryByDefault() {
        assertThat(RocksDBMemory.from(asMap(settings().toStreamsProperties()))).isEqualTo(RocksDBMemory.defaults());
    }

    @Test
    void shouldRejectWriteBuffersThatDoNotFitInTheBlockCache() {
        assertThatThrownBy(() -> new RocksDBMemory(64L << 20, 64L << 20))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(RocksDBMemory.BLOCK_CACHE_BYTES_CONFIG)
                .hasMessageContaining("must be larger than the write buffer size");
    }

    @Test
    void shouldRejectWriteBuffersTooSmallToHoldAMemtable() {
        assertThatThrownBy(() -> new RocksDBMemory(64L << 20, 4096))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(RocksDBMemory.WRITE_BUFFER_BYTES_CONFIG)
                .hasMessageContaining("at least");
    }

    @Test
    void shouldRejectASizeThatIsNotAWholeNumber() {
        assertThatThrownBy(() -> RocksDBMemory.from(Map.of(RocksDBMemory.BLOCK_CACHE_BYTES_CONFIG, "512MB")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(RocksDBMemory.BLOCK_CACHE_BYTES_CONFIG + " must be a whole number of bytes, was '512MB'");
    }

    @Test
    void shouldPutIndexAndFilterBlocksInTheSharedCacheAndKeepTheBloomFilterOnEveryLevel() {
        final Map<String, Object> configs = asMap(settings().toStreamsProperties());
        final SharedMemoryRocksDBConfig setter = new SharedMemoryRocksDBConfig();
        try (Options options = new Options(); BloomFilter bloom = new BloomFilter()) {
            // What Kafka Streams sets up before it calls the setter.
            final BlockBasedTableConfigWithAccessibleCache table = new BlockBasedTableConfigWithAccessibleCache();
            table.setFilterPolicy(bloom);
            options.setTableFormatConfig(table);
            options.setOptimizeFiltersForHits(true);

            setter.setConfig("some-store", options, configs);

            final BlockBasedTableConfigWithAccessibleCache applied =
                    (BlockBasedTableConfigWithAccessibleCache) options.tableFormatConfig();
            assertThat(applied.blockCache()).isSameAs(SharedMemoryRocksDBConfig.cacheOf(configs));
            assertThat(applied.cacheIndexAndFilterBlocks()).isTrue();
            assertThat(applied.filterPolicy()).isSameAs(bloom);
            // The last level keeps its filters: a sync hit of a new pair looks up keys that are not there.
            assertThat(options.optimizeFiltersForHits()).isFalse();
            setter.close("some-store", options);
        }
    }

    @Test
    void shouldShareOneCacheBetweenAnInstancesStoresWhileTheyAreOpenAndCloseItWithTheLast() {
        final Properties props = settings().toStreamsProperties();
        final Map<String, Object> configs = asMap(props);
        try (TopologyTestDriver driver = new TopologyTestDriver(twoStores(), props)) {
            final TestInputTopic<String, String> input =
                    driver.createInputTopic("in", new StringSerializer(), new StringSerializer());
            input.pipeInput("a", "1");
            input.pipeInput("b", "2");

            assertThat(driver.<Bytes, String>getKeyValueStore("first").get(StoreKey.of("a"))).isEqualTo("1");
            assertThat(driver.<Bytes, String>getKeyValueStore("second").get(StoreKey.of("b"))).isEqualTo("2");
            // The memtables holding those writes are charged to the shared cache.
            assertThat(SharedMemoryRocksDBConfig.cacheOf(configs)).isNotNull();
            assertThat(SharedMemoryRocksDBConfig.cacheOf(configs).getUsage()).isPositive();
        }

        assertThat(SharedMemoryRocksDBConfig.cacheOf(configs)).isNull();
    }

    @Test
    void shouldGiveEachInstanceItsOwnCache(@TempDir final Path otherStateDir) {
        final Properties first = settings().toStreamsProperties();
        final Properties second = new TopologySettings("bakery-topology-test", "unused:9092", otherStateDir, 1, 0, 1,
                new BakeryConfig(null, null, null, null)).toStreamsProperties();
        try (TopologyTestDriver one = new TopologyTestDriver(twoStores(), first);
                TopologyTestDriver two = new TopologyTestDriver(twoStores(), second)) {
            assertThat(SharedMemoryRocksDBConfig.cacheOf(asMap(first)))
                    .isNotNull()
                    .isNotSameAs(SharedMemoryRocksDBConfig.cacheOf(asMap(second)));
        }
    }

    private TopologySettings settings() {
        return new TopologySettings("bakery-topology-test", "unused:9092", stateDir, 1, 0, 1,
                new BakeryConfig(null, null, null, null));
    }

    /** One input written to two persistent stores, as the topology's stores are built. */
    private static Topology twoStores() {
        final Topology topology = new Topology();
        topology.addSource("in", new StringDeserializer(), new StringDeserializer(), "in");
        topology.addProcessor("write", WriteBoth::new, "in");
        topology.addStateStore(KeyValueStores.persistent("first", Serdes.String()), "write");
        topology.addStateStore(KeyValueStores.persistent("second", Serdes.String()), "write");
        return topology;
    }

    private static Map<String, Object> asMap(final Properties props) {
        final Map<String, Object> map = new HashMap<>();
        props.forEach((key, value) -> map.put(key.toString(), value));
        return map;
    }

    private static final class WriteBoth implements Processor<String, String, Void, Void> {
        private KeyValueStore<Bytes, String> first;
        private KeyValueStore<Bytes, String> second;

        @Override
        public void init(final ProcessorContext<Void, Void> context) {
            first = context.getStateStore("first");
            second = context.getStateStore("second");
        }

        @Override
        public void process(final Record<String, String> record) {
            first.put(StoreKey.of(record.key()), record.value());
            second.put(StoreKey.of(record.key()), record.value());
        }
    }
}
