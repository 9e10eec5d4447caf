package io.bakery.gateway.crm;

import io.bakery.gateway.auth.ApiKeyAuthenticator;
import io.bakery.gateway.intake.IdentityLinkIntakeController;
import io.bakery.schemas.config.BakeryConfig;
import io.javalin.config.JavalinConfig;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;

/**
 * The CRM onboarding API and identity-graph intake, with what they share: the producer pool, the report store.
 * {@link #register} declares the routes; {@link #close} releases the Kafka clients.
 */
public final class CrmRoutes implements AutoCloseable {

    private final UploadTransactions transactions;
    private final UploadReportStore reports;
    private final CrmUploadController uploads;
    private final IdentityLinkIntakeController intake;
    private final UploadSessions sessions;

    public CrmRoutes(final BakeryConfig config, final String bootstrapServers, final Path dataDir,
                     final UploadSettings settings, final Clock clock) {
        this.transactions = new UploadTransactions(bootstrapServers, transactionalIdPrefix(dataDir), settings);
        this.reports = new UploadReportStore(bootstrapServers);
        final ApiKeyAuthenticator auth = new ApiKeyAuthenticator(config);
        final UploadRunner runner = new UploadRunner(transactions, reports, settings, clock);
        this.uploads = new CrmUploadController(config, auth, runner, reports, settings, clock);
        this.intake = new IdentityLinkIntakeController(auth, runner, reports, settings, clock);
        this.sessions = new UploadSessions(config, auth, transactions, reports, clock);
    }

    /** Declares the upload, report and intake routes. */
    public void register(final JavalinConfig config) {
        config.routes.post(CrmUploadController.UPLOADS_PATH, uploads::upload);
        config.routes.get(CrmUploadController.UPLOAD_PATH, uploads::report);
        config.routes.post(IdentityLinkIntakeController.PATH, intake::intake);
        config.routes.get(IdentityLinkIntakeController.REPORT_PATH, intake::report);
        // Upload sessions: the web page's chunked, resumable uploads (parts go to UPLOADS_PATH).
        config.routes.post(UploadSessions.SESSIONS_PATH, sessions::create);
        config.routes.get(UploadSessions.SESSION_PATH, sessions::status);
        config.routes.post(UploadSessions.COMPLETE_PATH, sessions::complete);
    }

    /**
     * Stable per gateway instance (host + data folder), distinct between instances: a restart fences what its
     * previous run left open; two instances never fence each other.
     */
    static String transactionalIdPrefix(final Path dataDir) {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (final UnknownHostException e) {
            host = "unknown-host";
        }
        final String instance = io.bakery.schemas.normalize.Sha256.hex(host + "|" + dataDir.toAbsolutePath())
                .substring(0, 16);
        return "bakery-gateway-upload-" + instance;
    }

    @Override
    public void close() {
        reports.close();
        transactions.close();
    }
}
