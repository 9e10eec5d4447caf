package io.bakery.gateway.http;

import io.bakery.gateway.metrics.GatewayMetrics;
import io.javalin.http.Context;

/** {@code GET /metrics}: the Prometheus text exposition of the gateway's meters. */
public final class MetricsController {

    public static final String PATH = "/metrics";

    private final GatewayMetrics metrics;

    public MetricsController(final GatewayMetrics metrics) {
        this.metrics = metrics;
    }

    public void get(final Context ctx) {
        ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape());
    }
}
