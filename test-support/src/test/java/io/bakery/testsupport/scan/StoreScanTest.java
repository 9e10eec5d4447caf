package io.bakery.testsupport.scan;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.FlushOptions;
import org.rocksdb.RocksDB;

class StoreScanTest {

    private static final String PHONE = "31612345678";

    @TempDir
    Path dir;

    @Test
    void shouldFindAPlantedValueWhenAStoreKeepsItCompressedInASecondColumnFamily() throws Exception {
        final Path store = dir.resolve("topology/0_1/rocksdb/pairs-store");
        plant(store, "value for " + PHONE + " in a compressed block");

        final ScanReport report = new StoreScan(new PlaintextScanner(List.of(PHONE))).scan(dir);

        assertThat(StoreScan.databases(dir)).containsExactly(store);
        assertThat(report.items()).isEqualTo(2);
        assertThat(report.findings()).singleElement()
                .satisfies(f -> assertThat(f.where()).contains("keyValueWithTimestamp").endsWith("value"));
    }

    /** A store shaped like a Kafka Streams timestamped one: an empty default family and a compressed second one. */
    private static void plant(final Path store, final String value) throws Exception {
        java.nio.file.Files.createDirectories(store);
        final List<ColumnFamilyHandle> handles = new ArrayList<>();
        try (ColumnFamilyOptions compressed = new ColumnFamilyOptions().setCompressionType(CompressionType.LZ4_COMPRESSION);
                DBOptions options = new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true)) {
            final RocksDB db = RocksDB.open(options, store.toString(), List.of(
                    new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY),
                    new ColumnFamilyDescriptor("keyValueWithTimestamp".getBytes(StandardCharsets.UTF_8), compressed)),
                    handles);
            try (FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
                db.put(handles.get(1), bytes("k1"), bytes("nothing to see"));
                db.put(handles.get(1), bytes("k2"), bytes(value));
                db.flush(flush, handles.get(1));
            } finally {
                handles.forEach(ColumnFamilyHandle::close);
                db.close();
            }
        }
    }

    private static byte[] bytes(final String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
