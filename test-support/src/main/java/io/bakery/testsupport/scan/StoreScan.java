package io.bakery.testsupport.scan;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.DBOptions;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;

/**
 * Scans every RocksDB database below a folder (Kafka Streams state stores, the gateway's disk spool) through the
 * RocksDB API: every key and value of every column family, as RocksDB returns them. Reading through RocksDB rather
 * than the SST bytes matters because SST blocks may be compressed (RocksDB's own default is Snappy, the gateway's
 * spool keeps it), where a plaintext value would not show in the file's bytes. The databases should be closed by
 * their owners first: Kafka Streams runs RocksDB without a write-ahead log, so entries still in a memtable of a
 * running store are on no disk yet. Opening read-only takes no lock and changes nothing.
 */
public final class StoreScan {

    static {
        RocksDB.loadLibrary();
    }

    private final PlaintextScanner scanner;

    public StoreScan(final PlaintextScanner scanner) {
        this.scanner = scanner;
    }

    /** The RocksDB databases below {@code root}: folders holding a {@code CURRENT} file. */
    public static List<Path> databases(final Path root) {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(p -> p.getFileName().toString().equals("CURRENT") && Files.isRegularFile(p))
                    .map(Path::getParent).sorted().toList();
        } catch (final IOException e) {
            throw new UncheckedIOException("cannot walk " + root, e);
        }
    }

    /** Scans every database below {@code root}; the report's items are store entries. */
    public ScanReport scan(final Path root) {
        final ScanReport.Builder report = new ScanReport.Builder("stores");
        for (final Path database : databases(root)) {
            scanDatabase(database, report);
        }
        return report.build();
    }

    private void scanDatabase(final Path database, final ScanReport.Builder report) {
        final List<ColumnFamilyHandle> handles = new ArrayList<>();
        try (Options options = new Options(); DBOptions dbOptions = new DBOptions()) {
            final List<ColumnFamilyDescriptor> families = new ArrayList<>();
            for (final byte[] name : RocksDB.listColumnFamilies(options, database.toString())) {
                families.add(new ColumnFamilyDescriptor(name));
            }
            final RocksDB db = RocksDB.openReadOnly(dbOptions, database.toString(), families, handles);
            try {
                for (final ColumnFamilyHandle handle : handles) {
                    final String where = database + " [" + new String(handle.getName(), StandardCharsets.UTF_8) + "]";
                    try (RocksIterator entries = db.newIterator(handle)) {
                        for (entries.seekToFirst(); entries.isValid(); entries.next()) {
                            report.addItem();
                            scanner.scan(entries.key(), where + " key", report);
                            scanner.scan(entries.value(), where + " value", report);
                        }
                    }
                }
            } finally {
                // RocksJava wants the column family handles closed before their database.
                handles.forEach(ColumnFamilyHandle::close);
                db.close();
            }
        } catch (final RocksDBException e) {
            throw new IllegalStateException("cannot read the RocksDB database in " + database, e);
        }
    }
}
