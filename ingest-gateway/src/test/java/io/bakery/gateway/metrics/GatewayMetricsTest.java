package io.bakery.gateway.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The per-request meters are kept per tag set: repeats add to one meter, any other tag value gets its own. */
class GatewayMetricsTest {

    private final GatewayMetrics metrics = new GatewayMetrics();

    @Test
    void shouldCountHitsPerEveryTagWhenTheSameHitRepeats() {
        metrics.hit("sync", "acme", "acme-tealium", HitOutcome.STORED);
        metrics.hit("sync", "acme", "acme-tealium", HitOutcome.STORED);
        metrics.hit("sync", "acme", "acme-tealium", HitOutcome.BOUNCED);
        metrics.hit("sync", "acme", "acme-snowplow", HitOutcome.STORED);
        metrics.hit("sync", "globex", "acme-tealium", HitOutcome.STORED);
        metrics.hit("id", "acme", "acme-tealium", HitOutcome.STORED);

        assertThat(hits("sync", "acme", "acme-tealium", HitOutcome.STORED)).isEqualTo(2.0);
        assertThat(hits("sync", "acme", "acme-tealium", HitOutcome.BOUNCED)).isEqualTo(1.0);
        assertThat(hits("sync", "acme", "acme-snowplow", HitOutcome.STORED)).isEqualTo(1.0);
        assertThat(hits("sync", "globex", "acme-tealium", HitOutcome.STORED)).isEqualTo(1.0);
        assertThat(hits("id", "acme", "acme-tealium", HitOutcome.STORED)).isEqualTo(1.0);
    }

    @Test
    void shouldTimeRequestsPerRouteAndStatus() {
        metrics.request("/bakery/sync/dmpsyncendpoint", 200, Duration.ofMillis(3));
        metrics.request("/bakery/sync/dmpsyncendpoint", 200, Duration.ofMillis(5));
        metrics.request("/bakery/sync/dmpsyncendpoint", 400, Duration.ofMillis(1));
        metrics.request("/bakery/id", 200, Duration.ofMillis(2));

        assertThat(requests("/bakery/sync/dmpsyncendpoint", "200")).isEqualTo(2);
        assertThat(requests("/bakery/sync/dmpsyncendpoint", "400")).isEqualTo(1);
        assertThat(requests("/bakery/id", "200")).isEqualTo(1);
        assertThat(metrics.scrape()).contains("bakery_gateway_request_duration_seconds_bucket");
    }

    private double hits(final String endpoint, final String client, final String partner, final HitOutcome outcome) {
        return metrics.registry().get(GatewayMetrics.HITS).tags("endpoint", endpoint, "client", client,
                "partner", partner, "outcome", outcome.tag()).counter().count();
    }

    private long requests(final String route, final String status) {
        return metrics.registry().get(GatewayMetrics.REQUEST_DURATION).tags("route", route, "status", status)
                .timer().count();
    }
}
