package io.bakery.gateway.pull;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bakery.gateway.crm.CrmRecordWriter;
import io.bakery.gateway.crm.CrmUploadController;
import io.bakery.gateway.crm.CsvUploadReader;
import io.bakery.gateway.crm.RowValidator;
import io.bakery.gateway.crm.UnusableUploadException;
import io.bakery.gateway.crm.UploadBody;
import io.bakery.gateway.crm.UploadMode;
import io.bakery.gateway.crm.UploadReport;
import io.bakery.gateway.crm.UploadReportStore;
import io.bakery.gateway.crm.UploadRow;
import io.bakery.gateway.crm.UploadRowReader;
import io.bakery.gateway.crm.UploadRunner;
import io.bakery.gateway.crm.UploadSettings;
import io.bakery.gateway.crm.UploadTransactions;
import io.bakery.gateway.crm.hash.PlaintextCsvReader;
import io.bakery.gateway.crm.hash.PlaintextField;
import io.bakery.gateway.crm.hash.UnusableInputException;
import io.bakery.schemas.config.ClientConfig;
import io.bakery.schemas.config.PullConfig;
import io.bakery.schemas.normalize.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.time.Clock;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client's pull: a poll lists the source, and each new file matching the pattern goes through the upload
 * API's produce path ({@link UploadRunner#execute}): one Kafka transaction per file, committed with its audit
 * event and report, or aborted. Then the report is written next to the file ({@code NAME.report.json}) and the
 * file is deleted or moved when so configured.
 *
 * <p>Exactly once. A file's idempotency key is {@code pull:<source id>:<SHA-256 of the file as stored>}. The file
 * is read once: its stored bytes are checksummed as they are produced, and the key, known at their end, is looked
 * up just before the commit; a file committed before (renamed, touched, or pulled by another gateway meanwhile) is
 * then aborted instead, and nothing of this run is visible. A file whose size differs from its listing when read is
 * still being written: aborted, and the next poll tries again. A crash mid-file leaves an open transaction that the
 * restarted gateway fences and aborts (stable transactional id), so read_committed consumers never see its records;
 * the next poll finds no committed key and runs the file again. A crash after the commit but before the report or
 * the move: the next poll finds the file in the ledger (rebuilt from the audit) and only finishes those steps.
 * Several gateways polling one source may both commit a new file when they finish it at the same moment: the
 * records are upserts by record id (a replace-all twice makes the same set), so the data ends the same, the work is
 * done twice, and two audit events name the file.
 */
public final class PullJob {

    /** Test seam: called after each row is produced, inside the file's transaction. */
    @FunctionalInterface
    public interface RowObserver {
        RowObserver NONE = (row, transaction) -> { };

        void produced(long row, UploadTransactions.Transaction transaction);
    }

    /** How a poll ended for one file. */
    public enum FileOutcome { COMMITTED, ALREADY_DONE, REJECTED, RETRY_LATER, SKIPPED }

    /** The suffix of a file's report, written next to it. */
    public static final String REPORT_SUFFIX = ".report.json";

    private static final Logger LOG = LoggerFactory.getLogger(PullJob.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ClientConfig client;
    private final PullConfig config;
    private final String sourceId;
    private final UploadRunner runner;
    private final UploadReportStore reports;
    private final PullLedger ledger;
    private final UploadSettings settings;
    private final PgpDecryptor pgp;
    private final Clock clock;
    private final PathMatcher pattern;
    private final Map<PlaintextField, String> namedColumns;
    private volatile RowObserver observer = RowObserver.NONE;

    public PullJob(final ClientConfig client, final UploadRunner runner, final UploadReportStore reports,
                   final PullLedger ledger, final UploadSettings settings, final Clock clock) {
        this.client = client;
        this.config = client.pull();
        this.sourceId = Sha256.hex(config.source().describe()).substring(0, 16);
        this.runner = runner;
        this.reports = reports;
        this.ledger = ledger;
        this.settings = settings;
        this.pgp = PgpDecryptor.load(config.pgpKeys());
        this.clock = clock;
        this.pattern = FileSystems.getDefault().getPathMatcher("glob:" + config.filePattern());
        final Map<PlaintextField, String> named = new EnumMap<>(PlaintextField.class);
        config.columns().forEach((field, header) -> named.put(PlaintextField.byKey(field).orElseThrow(), header));
        this.namedColumns = Map.copyOf(named);
    }

    /** The client this job pulls for. */
    public ClientConfig client() {
        return client;
    }

    /** Installs a test seam (see {@link RowObserver}). */
    public void observeRows(final RowObserver rowObserver) {
        this.observer = rowObserver;
    }

    /**
     * Polls the source once: every new matching file, oldest first. Stops at the first file that must be retried
     * later (Kafka away, source broken), so files keep their order.
     *
     * @return what happened to each file looked at, by name
     */
    public Map<String, FileOutcome> poll() {
        final Map<String, FileOutcome> outcomes = new java.util.LinkedHashMap<>();
        try (PullSource source = PullSources.open(config.source())) {
            final List<SourceFile> files = source.list().stream().filter(this::matches)
                    .sorted(Comparator.comparing(SourceFile::modified).thenComparing(SourceFile::name)).toList();
            for (final SourceFile file : files) {
                final FileOutcome outcome = pull(source, file);
                outcomes.put(file.name(), outcome);
                if (outcome == FileOutcome.RETRY_LATER) {
                    break;
                }
            }
        } catch (final IOException | RuntimeException e) {
            LOG.warn("pull for client {} from {}: {}; next poll retries", client.id(), config.source().describe(),
                    e.toString());
        }
        return outcomes;
    }

    private boolean matches(final SourceFile file) {
        final String name = file.name();
        return !name.startsWith(".") && !name.endsWith(REPORT_SUFFIX) && pattern.matches(Path.of(name));
    }

    private FileOutcome pull(final PullSource source, final SourceFile file) throws IOException {
        final Optional<PullLedger.Entry> known = ledger.find(sourceId, file);
        if (known.isPresent()) {
            final PullLedger.Entry entry = known.get();
            if (entry.committed()) {
                finishCommitted(source, file, entry.report(), entry.sha256());
                return FileOutcome.ALREADY_DONE;
            }
            if (!source.exists(file.name() + REPORT_SUFFIX)) {
                writeReport(source, file, rejectionReport(entry.error()), entry.sha256());
            }
            return FileOutcome.SKIPPED;
        }
        final Optional<UploadMode> mode = FileNameMode.of(config, file.name());
        final UploadRunner.Upload unnamed = new UploadRunner.Upload(client.id(), client.id(), PullLedger.ACTION_PULL,
                mode.map(UploadMode::parameter).orElse(null), null, Map.of());
        final FileRead read = new FileRead(source, file, mode);
        final UploadRunner.Result result;
        try {
            result = runner.execute(read::open, false, unnamed, read::produce, read::named);
        } catch (final RuntimeException e) {
            // The source failed mid-file (PullSourceException) or something unforeseen did: the transaction was
            // aborted, nothing of the file is visible, and the next poll runs it again.
            LOG.warn("pull of {} for client {} aborted, nothing stored: {}", file.name(), client.id(), e.toString());
            return FileOutcome.RETRY_LATER;
        } finally {
            read.close();
        }
        if (read.checksum == null) {
            LOG.warn("pull of {} for client {} postponed: {}", file.name(), client.id(), result.error());
            return FileOutcome.RETRY_LATER;
        }
        final String sha256 = read.checksum.sha256();
        final Map<String, String> details = details(file, sha256);
        switch (result.outcome()) {
            case COMMITTED -> {
                ledger.record(details, new PullLedger.Entry(true, sha256, result.reportJson(), null));
                LOG.info("pulled {} for client {}", file.name(), client.id());
                finishCommitted(source, file, result.reportJson(), sha256);
                return FileOutcome.COMMITTED;
            }
            case DUPLICATE -> {
                // The same bytes were committed before under another name or time (or by another gateway).
                ledger.record(details, new PullLedger.Entry(true, sha256, result.reportJson(), null));
                LOG.info("pulled {} for client {} was committed before; this run was aborted", file.name(),
                        client.id());
                finishCommitted(source, file, result.reportJson(), sha256);
                return FileOutcome.ALREADY_DONE;
            }
            case REJECTED, TOO_LARGE -> {
                ledger.record(details, new PullLedger.Entry(false, sha256, null, result.error()));
                LOG.info("pulled file {} of client {} rejected: {}", file.name(), client.id(), result.error());
                writeReport(source, file, result.reportJson(), sha256);
                return FileOutcome.REJECTED;
            }
            default -> {
                LOG.warn("pull of {} for client {} postponed: {}", file.name(), client.id(), result.error());
                return FileOutcome.RETRY_LATER;
            }
        }
    }

    /**
     * One read of a file, as the upload runner drives it: opened inside the transaction, its rows produced, then
     * named by the checksum of its stored bytes. The file is read once; only a refused file, whose read stopped
     * somewhere in the middle, is read a second time for its checksum.
     */
    private final class FileRead {
        private final PullSource source;
        private final SourceFile file;
        private final Optional<UploadMode> mode;
        private FileContent.StoredBytes stored;
        private FileContent content;
        private boolean readToEnd;
        private FileContent.Checksum checksum;

        FileRead(final PullSource source, final SourceFile file, final Optional<UploadMode> mode) {
            this.source = source;
            this.file = file;
            this.mode = mode;
        }

        InputStream open() throws IOException {
            stored = new FileContent.StoredBytes(openStored(), file.name());
            content = FileContent.open(stored, pgp);
            return content.decoded();
        }

        void produce(final UploadBody body, final UploadTransactions.Transaction transaction,
                     final UploadReport report) throws IOException {
            if (mode.isEmpty()) {
                throw new UnusableUploadException("the file name does not start with add_, remove_ or "
                        + "replace-all_ (the client's pull takes the mode from the file name)");
            }
            PullJob.this.produce(body, mode.get(), transaction, report);
            content.finish();
            readToEnd = true;
        }

        /** The upload named {@code pull:<source>:<SHA-256 of the file as stored>}, with the file's details. */
        UploadRunner.Upload named(final UploadRunner.Upload upload) {
            if (readToEnd) {
                // What is left after the content's end (a gzip or OpenPGP trailer) is read here.
                checksum = stored.toEnd();
            } else {
                // The body's reading thread may still be inside the stored stream: checksum a fresh read.
                try (FileContent.StoredBytes again = new FileContent.StoredBytes(openStored(), file.name())) {
                    checksum = again.toEnd();
                } catch (final IOException e) {
                    throw new PullSourceException("cannot close " + file.name() + ": " + e.getMessage(), e);
                }
            }
            if (checksum.size() != file.size()) {
                // Listed at one size, read at another: the file is still being written.
                throw new PullSourceException("the file changed while it was read", new IOException(
                        "listed with " + file.size() + " bytes, read " + checksum.size()));
            }
            return upload.named(key(checksum.sha256()), details(file, checksum.sha256()));
        }

        private InputStream openStored() {
            try {
                return source.open(file.name());
            } catch (final IOException e) {
                throw new PullSourceException("cannot open " + file.name() + ": " + e.getMessage(), e);
            }
        }

        void close() {
            if (stored != null) {
                closeQuietly(stored);
            }
        }
    }

    /** Reads the file's rows and sends the accepted ones in the transaction. */
    private void produce(final UploadBody body, final UploadMode mode,
                         final UploadTransactions.Transaction transaction, final UploadReport report)
            throws IOException {
        final CrmRecordWriter writer = new CrmRecordWriter(client.id(), mode, transaction, report, clock.instant());
        if (config.content() == PullConfig.Content.HASHED) {
            final UploadRowReader rows = new CsvUploadReader(body.reader(), settings.maxRowChars(),
                    mode != UploadMode.REMOVE);
            CrmUploadController.produceRows(observed(rows, transaction), new RowValidator(mode,
                    settings.maxRecordIdChars()), writer, report);
            return;
        }
        final PlaintextCsvReader rows;
        try {
            rows = new PlaintextCsvReader(body.reader(), settings.maxRowChars(), client.phoneCountry(), namedColumns,
                    settings.maxRecordIdChars());
        } catch (final UnusableInputException e) {
            throw new UnusableUploadException(e.getMessage());
        }
        while (rows.next()) {
            if (rows.rejection() != null) {
                report.rejected(rows.rowNumber(), rows.rejection());
            } else {
                writer.write(rows.record().recordId(), rows.record().identifiers());
                observer.produced(rows.rowNumber(), transaction);
            }
        }
        writer.finish();
    }

    /** Hashed rows with the test seam called after each. */
    private UploadRowReader observed(final UploadRowReader rows, final UploadTransactions.Transaction transaction) {
        if (observer == RowObserver.NONE) {
            return rows;
        }
        return new UploadRowReader() {
            private UploadRow previous;

            @Override
            public UploadRow next() throws IOException {
                if (previous != null) {
                    observer.produced(previous.rowNumber(), transaction);
                }
                previous = rows.next();
                return previous;
            }
        };
    }

    private static void closeQuietly(final InputStream in) {
        try {
            in.close();
        } catch (final IOException | RuntimeException e) {
            // the poll is over for this file; a failed close changes nothing
        }
    }

    private String key(final String sha256) {
        return "pull:" + sourceId + ":" + sha256;
    }

    private Map<String, String> details(final SourceFile file, final String sha256) {
        final Map<String, String> details = new HashMap<>();
        details.put(PullLedger.DETAIL_SOURCE, sourceId);
        details.put(PullLedger.DETAIL_PATH, file.name());
        details.put(PullLedger.DETAIL_SIZE, String.valueOf(file.size()));
        details.put(PullLedger.DETAIL_MODIFIED, file.modified().toString());
        details.put(PullLedger.DETAIL_SHA256, sha256);
        return details;
    }

    /** The report written, then the file deleted or moved; each step skipped when already done. */
    private void finishCommitted(final PullSource source, final SourceFile file, final String report,
                                 final String sha256) {
        try {
            if (!source.exists(file.name() + REPORT_SUFFIX)) {
                writeReport(source, file, report, sha256);
            }
            switch (config.afterSuccess()) {
                case DELETE -> source.delete(file.name());
                case MOVE -> source.moveToProcessed(file.name());
                case KEEP -> {
                    // the ledger remembers it
                }
                default -> throw new IllegalStateException("unhandled afterSuccess " + config.afterSuccess());
            }
        } catch (final IOException e) {
            LOG.warn("pulled {} for client {} is committed, but the report or clean-up failed: {}; next poll retries",
                    file.name(), client.id(), e.toString());
        }
    }

    private void writeReport(final PullSource source, final SourceFile file, final String report,
                             final String sha256) {
        try {
            final ObjectNode node = report == null ? JSON.createObjectNode() : (ObjectNode) JSON.readTree(report);
            final ObjectNode about = node.putObject("file");
            about.put("source", source.describe());
            about.put("name", file.name());
            about.put("bytes", file.size());
            about.put("sha256", sha256);
            source.write(file.name() + REPORT_SUFFIX,
                    JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node).getBytes(StandardCharsets.UTF_8));
        } catch (final IOException e) {
            LOG.warn("report of pulled {} for client {} not written: {}", file.name(), client.id(), e.toString());
        }
    }

    private static String rejectionReport(final String error) {
        final ObjectNode node = JSON.createObjectNode();
        node.put("status", "rejected");
        if (error != null) {
            node.put("error", error);
        }
        return node.toString();
    }
}
