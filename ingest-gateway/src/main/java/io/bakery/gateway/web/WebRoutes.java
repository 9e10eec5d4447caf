package io.bakery.gateway.web;

import io.bakery.gateway.auth.ApiKeyAuthenticator;
import io.bakery.schemas.config.BakeryConfig;
import io.javalin.config.JavalinConfig;

/**
 * The client-facing web pages and what they need: {@code /onboarding} (hash a CRM file in the browser and upload it
 * in resumable parts through the upload API's sessions), {@code /dashboard} (funnel, uploads, exports), their
 * static files, and the dashboard's JSON routes. {@link #close} stops the dashboard's topic reader.
 */
public final class WebRoutes implements AutoCloseable {

    public static final String ONBOARDING_PATH = "/onboarding";
    public static final String DASHBOARD_PATH = "/dashboard";

    private final WebAssets assets;
    private final DashboardFeed feed;
    private final DashboardController dashboard;

    public WebRoutes(final BakeryConfig config, final String bootstrapServers) {
        this.assets = new WebAssets(PhoneMetadataJson::build);
        this.feed = new DashboardFeed(bootstrapServers);
        this.dashboard = new DashboardController(config, new ApiKeyAuthenticator(config), feed);
    }

    /** Declares the pages, their files and the dashboard's JSON routes. */
    public void register(final JavalinConfig config) {
        config.routes.get(ONBOARDING_PATH, assets::onboarding);
        config.routes.get(DASHBOARD_PATH, assets::dashboard);
        config.routes.get(WebAssets.ASSETS_PATH, assets::asset);
        config.routes.get(DashboardController.ME_PATH, dashboard::me);
        config.routes.get(DashboardController.FUNNEL_PATH, dashboard::funnel);
        config.routes.get(DashboardController.RECENT_UPLOADS_PATH, dashboard::recentUploads);
        config.routes.get(DashboardController.EXPORTS_PATH, dashboard::exports);
    }

    @Override
    public void close() {
        feed.close();
    }
}
