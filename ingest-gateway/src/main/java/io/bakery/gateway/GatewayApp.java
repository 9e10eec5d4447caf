package io.bakery.gateway;

import io.bakery.gateway.crm.CrmRoutes;
import io.bakery.gateway.crm.UploadSettings;
import io.bakery.gateway.http.HealthController;
import io.bakery.gateway.kafka.KafkaReadiness;
import io.javalin.Javalin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingest gateway: turns outside input into Kafka events and nothing else. Every route is declared in
 * {@link #routes}; handlers live in the {@code *Controller} classes of {@code http/}.
 */
public final class GatewayApp implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayApp.class);

    private final KafkaReadiness readiness;
    private final Javalin javalin;
    // CRM onboarding (issue 4): upload API, reports, identity-graph intake.
    private final CrmRoutes crm;

    private GatewayApp(final GatewaySettings settings) {
        this.readiness = new KafkaReadiness(settings.bootstrapServers());
        final HealthController health = new HealthController(readiness::kafkaReachable);
        // CRM onboarding (issue 4)
        this.crm = new CrmRoutes(settings.config(), settings.bootstrapServers(), settings.dataDir(),
                UploadSettings.defaults(), java.time.Clock.systemUTC());
        this.javalin = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.jetty.host = settings.host();
            config.jetty.port = settings.port();
            config.routes.get("/healthz", health::healthz);
            config.routes.get("/readyz", health::readyz);
            // CRM onboarding (issue 4): uploads, upload reports, identity-graph intake
            crm.register(config);
        });
    }

    /** Starts the gateway; it serves until {@link #close()}. */
    public static GatewayApp start(final GatewaySettings settings) {
        final GatewayApp app = new GatewayApp(settings);
        app.javalin.start();
        LOG.info("gateway listening on {}:{}", settings.host(), app.port());
        return app;
    }

    /** The port the gateway listens on. */
    public int port() {
        return javalin.port();
    }

    @Override
    public void close() {
        javalin.stop();
        crm.close();
        readiness.close();
        LOG.info("gateway stopped");
    }
}
