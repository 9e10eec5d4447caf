package io.bakery.gateway;

import io.bakery.gateway.crm.CrmRoutes;
import io.bakery.gateway.http.ApiQueryGuard;
import io.bakery.gateway.http.CorsPolicy;
import io.bakery.gateway.http.HealthController;
import io.bakery.gateway.http.PixelContext;
import io.bakery.gateway.http.PixelRouter;
import io.bakery.gateway.http.PixelRoutes;
import io.bakery.gateway.http.PixelServer;
import io.bakery.gateway.http.RequestThreads;
import io.bakery.gateway.http.SecurityHeaders;
import io.bakery.gateway.kafka.DiskSpool;
import io.bakery.gateway.kafka.DurablePublisher;
import io.bakery.gateway.kafka.KafkaReadiness;
import io.bakery.gateway.metrics.GatewayMetrics;
import io.bakery.gateway.web.WebRoutes;
import io.bakery.gateway.pull.PullService;
import io.bakery.schemas.Topics;
import io.bakery.schemas.config.CookieConfig;
import io.javalin.Javalin;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingest gateway: turns outside input into Kafka events and nothing else. Routes are declared by the
 * {@code *Routes} classes registered in the constructor; handlers live in the {@code *Controller} classes.
 */
public final class GatewayApp implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayApp.class);

    /** The disk spool's folder under the data directory. */
    public static final String SPOOL_DIR = "spool";

    private final KafkaReadiness readiness;
    private final Javalin javalin;
    // CRM onboarding (issue 4): upload API, reports, identity-graph intake.
    private final CrmRoutes crm;
    // Web pages (issue 7): onboarding (hash in the browser, resumable upload) and the client dashboard.
    private final WebRoutes web;
    // CRM pull (issue 8): scheduled ingestion from clients' folders, SFTP servers and S3 buckets.
    private final PullService pull;
    // Cookie sync (issue 3): metrics, the disk spool and the durable publisher behind the pixel routes.
    private final GatewayMetrics metrics;
    private final DiskSpool spool;
    private final DurablePublisher publisher;
    private final PixelRouter pixelRouter;
    /** The dedicated pixel listener, when the settings ask for one; null until started. */
    private PixelServer pixelServer;

    private GatewayApp(final GatewaySettings settings) {
        this.readiness = new KafkaReadiness(settings.bootstrapServers());
        // Cookie sync (issue 3)
        this.metrics = new GatewayMetrics();
        this.spool = new DiskSpool(settings.dataDir().resolve(SPOOL_DIR));
        this.publisher = new DurablePublisher(settings.bootstrapServers(), spool, metrics);
        publisher.warmUp(List.of(Topics.SYNC_EVENTS.name(), Topics.IDENTITY_LINKS.name(), Topics.ERASURES.name()));
        final PixelContext pixel = PixelContext.of(settings.config(), withSigningKey(settings.config().cookie()),
                publisher, metrics, Clock.systemUTC());
        // end cookie sync
        final HealthController health = new HealthController(readiness::kafkaReachable, publisher::spoolDepth);
        // CRM onboarding (issue 4)
        this.crm = new CrmRoutes(settings.config(), settings.bootstrapServers(), settings.dataDir(),
                settings.uploads(), java.time.Clock.systemUTC());
        // CRM pull (issue 8)
        this.pull = PullService.start(settings.config(), settings.bootstrapServers(), settings.dataDir(),
                settings.uploads(), Clock.systemUTC());
        this.web = new WebRoutes(settings.config(), settings.bootstrapServers());
        final PixelRouter[] router = new PixelRouter[1];
        this.javalin = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.jetty.host = settings.host();
            config.jetty.port = settings.port();
            // A small request pool, and a limit on the servlet side so uploads cannot take it from the pixels.
            RequestThreads.register(config);
            // Security (issue 10): headers on every answer, CORS for /api/* (the pixel endpoints' headers and
            // per-IP limit are applied where they are served, see PixelRoutes)
            SecurityHeaders.register(config);
            new CorsPolicy(settings.config().cors()).register(config);
            ApiQueryGuard.register(config);
            // Cookie sync (issue 3): sync pixel, identity pixel, opt-out and robots.txt on a Jetty core handler in
            // front of Javalin (same server and port), /metrics as a Javalin route; the same endpoints on the
            // dedicated pixel listener when one is configured.
            router[0] = PixelRoutes.register(config, pixel);
            config.routes.get(HealthController.LIVENESS_PATH, health::healthz);
            config.routes.get(HealthController.READINESS_PATH, health::readyz);
            // CRM onboarding (issue 4): uploads, upload reports, identity-graph intake
            crm.register(config);
            // Web pages (issue 7): /onboarding, /dashboard, their files and JSON routes
            web.register(config);
        });
        this.pixelRouter = router[0];
    }

    /**
     * The configuration with a signing key: without configured keys the gateway still starts (health probes,
     * other routes) with a random key for this run only, so Bakery ids issued now will not verify after a restart.
     */
    private static CookieConfig withSigningKey(final CookieConfig config) {
        if (!config.signingKeys().isEmpty()) {
            return config;
        }
        LOG.warn("no cookie.signingKeys configured: Bakery id cookies are signed with a per-run random key");
        final byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        return new CookieConfig(config.domain(),
                List.of(new CookieConfig.SigningKey("run", HexFormat.of().formatHex(secret))));
    }

    /** Starts the gateway; it serves until {@link #close()}. */
    public static GatewayApp start(final GatewaySettings settings) {
        final GatewayApp app = new GatewayApp(settings);
        try {
            app.javalin.start();
            LOG.info("gateway listening on {}:{}", settings.host(), app.port());
            if (settings.pixelPort() != GatewaySettings.NO_PIXEL_PORT) {
                app.pixelServer = PixelServer.start(settings.host(), settings.pixelPort(), app.pixelRouter);
            }
        } catch (final RuntimeException e) {
            app.close();
            throw e;
        }
        return app;
    }

    /** The port the gateway listens on. */
    public int port() {
        return javalin.port();
    }

    /** The port of the dedicated pixel listener, if it runs. */
    public OptionalInt pixelPort() {
        return pixelServer == null ? OptionalInt.empty() : OptionalInt.of(pixelServer.port());
    }

    /** The gateway's metrics registry (also served at {@code /metrics}). */
    public GatewayMetrics metrics() {
        return metrics;
    }

    @Override
    public void close() {
        if (pixelServer != null) {
            pixelServer.close();
        }
        javalin.stop();
        web.close();
        pull.close();
        crm.close();
        // Cookie sync (issue 3): flush the producer (failures land in the spool), then close the spool.
        publisher.close();
        spool.close();
        readiness.close();
        LOG.info("gateway stopped");
    }
}
