package io.bakery.gateway.pull;

import io.bakery.gateway.crm.UploadReportStore;
import io.bakery.gateway.crm.UploadRunner;
import io.bakery.gateway.crm.UploadSettings;
import io.bakery.gateway.crm.UploadTransactions;
import io.bakery.schemas.config.BakeryConfig;
import io.bakery.schemas.config.ClientConfig;
import io.bakery.schemas.normalize.Sha256;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * The CRM pull of one gateway: a job per client with a {@code pull} section, what they share (one transactional
 * producer, the upload reports, the ledger), and the scheduler. Without any pull configured it holds nothing.
 */
public final class PullService implements AutoCloseable {

    private final List<PullJob> jobs;
    private final UploadTransactions transactions;
    private final UploadReportStore reports;
    private PullScheduler scheduler;

    private PullService(final BakeryConfig config, final String bootstrapServers, final Path dataDir,
                        final UploadSettings settings, final Clock clock) {
        final List<ClientConfig> pulling = config.clients().stream().filter(c -> c.pull() != null).toList();
        if (pulling.isEmpty()) {
            this.jobs = List.of();
            this.transactions = null;
            this.reports = null;
            return;
        }
        final PullLedger ledger = new PullLedger();
        this.reports = new UploadReportStore(bootstrapServers, ledger::index);
        // One producer: the scheduler runs one file at a time.
        this.transactions = new UploadTransactions(bootstrapServers, transactionalIdPrefix(dataDir),
                settings.withConcurrentUploads(1));
        final UploadRunner runner = new UploadRunner(transactions, reports, settings, clock);
        this.jobs = pulling.stream().map(c -> new PullJob(c, runner, reports, ledger, settings, clock)).toList();
    }

    /** Sets the pull up without scheduling it (tests poll by hand). */
    public static PullService create(final BakeryConfig config, final String bootstrapServers, final Path dataDir,
                                     final UploadSettings settings, final Clock clock) {
        return new PullService(config, bootstrapServers, dataDir, settings, clock);
    }

    /** Sets the pull up and starts polling every configured source on its schedule. */
    public static PullService start(final BakeryConfig config, final String bootstrapServers, final Path dataDir,
                                    final UploadSettings settings, final Clock clock) {
        final PullService service = create(config, bootstrapServers, dataDir, settings, clock);
        if (!service.jobs.isEmpty()) {
            service.scheduler = new PullScheduler(service.jobs, service::ready, clock);
        }
        return service;
    }

    /** Whether every earlier pull is known (the upload reports are loaded), so polling is safe. */
    public boolean ready() {
        return reports != null && reports.caughtUp();
    }

    /** The job of {@code clientId}, if it pulls. */
    public Optional<PullJob> job(final String clientId) {
        return jobs.stream().filter(j -> j.client().id().equals(clientId)).findFirst();
    }

    /**
     * Stable per gateway instance (host + data folder), distinct from the upload API's producers: a restart
     * fences and aborts the file its previous run left open.
     */
    static String transactionalIdPrefix(final Path dataDir) {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (final UnknownHostException e) {
            host = "unknown-host";
        }
        return "bakery-gateway-pull-" + Sha256.hex(host + "|" + dataDir.toAbsolutePath()).substring(0, 16);
    }

    @Override
    public void close() {
        if (scheduler != null) {
            scheduler.close();
        }
        if (reports != null) {
            reports.close();
        }
        if (transactions != null) {
            transactions.close();
        }
    }
}
