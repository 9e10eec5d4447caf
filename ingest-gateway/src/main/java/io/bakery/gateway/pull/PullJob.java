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
 * <p>Exactly once. A file's idempotency key is {@code pull:<source id>:<SHA-256 of the file as stored>}. The
 * checksum is taken in a first streaming pass (nothing is stored; a second read of the source is the price, and
 * it is what lets a file be refused before any record is sent when it was committed before), then the file is
 * read again and produced; the second pass checks it read the same bytes. A crash mid-file leaves an open
 * transaction that the restarted gateway fences and aborts (stable transactional id), so read_committed consumers
 * never see its records; the next poll finds no committed key and runs the file again. A crash after the commit
 * but before the report or the move: the next poll finds the key and only finishes those steps. Several gateways
 * polling one source may both run a new file at the same moment: the records are upserts by record id (a
 * replace-all twice makes the same set), so the data ends the same, the work is done twice, and two audit events
 * name the file.
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
        final FileContent.Checksum checksum;
        try (InputStream in = source.open(file.name())) {
            checksum = FileContent.checksum(in, file.name());
        }
        final Map<String, String> details = details(file, checksum);
        final String key = "pull:" + sourceId + ":" + checksum.sha256();
        final Optional<String> earlier = reports.byIdempotencyKey(client.id(), key);
        if (earlier.isPresent()) {
            ledger.record(details, new PullLedger.Entry(true, checksum.sha256(), earlier.get(), null));
            finishCommitted(source, file, earlier.get(), checksum.sha256());
            return FileOutcome.ALREADY_DONE;
        }
        final Optional<UploadMode> mode = FileNameMode.of(config, file.name());
        final UploadRunner.Upload upload = new UploadRunner.Upload(client.id(), client.id(), PullLedger.ACTION_PULL,
                mode.map(UploadMode::parameter).orElse(null), key, details);
        final UploadRunner.Result result;
        final InputStream[] stored = new InputStream[1];
        final FileContent[] content = new FileContent[1];
        try {
            result = runner.execute(() -> {
                try {
                    stored[0] = source.open(file.name());
                } catch (final IOException e) {
                    throw new PullSourceException("cannot open " + file.name() + ": " + e.getMessage(), e);
                }
                content[0] = FileContent.open(stored[0], file.name(), pgp);
                return content[0].decoded();
            }, false, upload, (body, transaction, report) -> {
                if (mode.isEmpty()) {
                    throw new UnusableUploadException("the file name does not start with add_, remove_ or "
                            + "replace-all_ (the client's pull takes the mode from the file name)");
                }
                produce(body, mode.get(), transaction, report);
                content[0].finish(checksum.sha256());
            });
        } catch (final RuntimeException e) {
            // The source failed mid-file (PullSourceException) or something unforeseen did: the transaction was
            // aborted, nothing of the file is visible, and the next poll runs it again.
            LOG.warn("pull of {} for client {} aborted, nothing stored: {}", file.name(), client.id(), e.toString());
            return FileOutcome.RETRY_LATER;
        } finally {
            if (stored[0] != null) {
                closeQuietly(stored[0]);
            }
        }
        switch (result.outcome()) {
            case COMMITTED -> {
                ledger.record(details, new PullLedger.Entry(true, checksum.sha256(), result.reportJson(), null));
                LOG.info("pulled {} for client {}", file.name(), client.id());
                finishCommitted(source, file, result.reportJson(), checksum.sha256());
                return FileOutcome.COMMITTED;
            }
            case REJECTED, TOO_LARGE -> {
                ledger.record(details, new PullLedger.Entry(false, checksum.sha256(), null, result.error()));
                LOG.info("pulled file {} of client {} rejected: {}", file.name(), client.id(), result.error());
                writeReport(source, file, result.reportJson(), checksum.sha256());
                return FileOutcome.REJECTED;
            }
            default -> {
                LOG.warn("pull of {} for client {} postponed: {}", file.name(), client.id(), result.error());
                return FileOutcome.RETRY_LATER;
            }
        }
    }

    /** Reads the file's rows (the second pass) and sends the accepted ones in the transaction. */
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

    private Map<String, String> details(final SourceFile file, final FileContent.Checksum checksum) {
        final Map<String, String> details = new HashMap<>();
        details.put(PullLedger.DETAIL_SOURCE, sourceId);
        details.put(PullLedger.DETAIL_PATH, file.name());
        details.put(PullLedger.DETAIL_SIZE, String.valueOf(file.size()));
        details.put(PullLedger.DETAIL_MODIFIED, file.modified().toString());
        details.put(PullLedger.DETAIL_SHA256, checksum.sha256());
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
