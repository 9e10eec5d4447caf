package io.bakery.gateway.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.apache.kafka.clients.producer.Producer;

/**
 * The gateway's metrics, in one Prometheus registry scraped at {@code /metrics}. Meter names are constants:
 * dashboards and alerts depend on them. Tags never hold a cookie id or a Bakery id, only configured names.
 */
public final class GatewayMetrics {

    /** Pixel hits by {@code endpoint}, {@code client}, {@code partner} and {@code outcome} ({@link HitOutcome}). */
    public static final String HITS = "bakery.gateway.hits";
    /** Refused parameters by {@code endpoint}, {@code field} and {@code reason}. */
    public static final String INVALID = "bakery.gateway.invalid";
    /** Hits whose consent signals forbid storing, by {@code endpoint} and {@code reason}. */
    public static final String CONSENT_BLOCKED = "bakery.gateway.consent.blocked";
    /** Bounces that came back without our cookie, by {@code client}: third-party cookies blocked. */
    public static final String NO_THIRD_PARTY_COOKIE = "bakery.gateway.no_third_party_cookie";
    /** Accepted DMP cookie ids that only match the lenient format, by {@code client}: format drift. */
    public static final String COOKIE_ID_LENIENT = "bakery.gateway.cookie_id.lenient";
    /** Opt-outs received, by whether a Bakery id was erased ({@code erased}). */
    public static final String OPT_OUTS = "bakery.gateway.optouts";
    /** Request latency by {@code route} and {@code status}, with a histogram for percentiles. */
    public static final String REQUEST_DURATION = "bakery.gateway.request.duration";
    /** Events waiting in the disk spool. */
    public static final String SPOOL_DEPTH = "bakery.gateway.spool.depth";
    /** Events written to the disk spool. */
    public static final String SPOOL_WRITTEN = "bakery.gateway.spool.written";
    /** Spooled events replayed into Kafka. */
    public static final String SPOOL_REPLAYED = "bakery.gateway.spool.replayed";
    /** Sends Kafka refused or failed, by exception {@code type}; each such event went to the spool. */
    public static final String PUBLISH_FAILED = "bakery.gateway.publish.failed";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    // The two meters every request touches, looked up by their tag values instead of built and registered per
    // request (the registry would hand back the same meter, after building its tags). Bounded: tags only ever
    // hold configured names, routes and status codes.
    private final Map<HitTags, Counter> hits = new ConcurrentHashMap<>();
    private final Map<RequestTags, Timer> requests = new ConcurrentHashMap<>();

    /** The registry, for binding more meters and for scraping. */
    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** The Prometheus text exposition of every meter. */
    public String scrape() {
        return registry.scrape();
    }

    public void hit(final String endpoint, final String client, final String partner, final HitOutcome outcome) {
        hits.computeIfAbsent(new HitTags(endpoint, client, partner, outcome), tags -> Counter.builder(HITS)
                .tags("endpoint", endpoint, "client", client, "partner", partner, "outcome", outcome.tag())
                .register(registry)).increment();
    }

    public void invalid(final String endpoint, final String field, final String reason) {
        Counter.builder(INVALID).tags("endpoint", endpoint, "field", field, "reason", reason)
                .register(registry).increment();
    }

    public void consentBlocked(final String endpoint, final String reason) {
        Counter.builder(CONSENT_BLOCKED).tags("endpoint", endpoint, "reason", reason).register(registry).increment();
    }

    public void noThirdPartyCookie(final String client) {
        Counter.builder(NO_THIRD_PARTY_COOKIE).tag("client", client).register(registry).increment();
    }

    public void lenientCookieId(final String client) {
        Counter.builder(COOKIE_ID_LENIENT).tag("client", client).register(registry).increment();
    }

    public void optOut(final boolean erased) {
        Counter.builder(OPT_OUTS).tag("erased", Boolean.toString(erased)).register(registry).increment();
    }

    public void request(final String route, final int status, final Duration duration) {
        requests.computeIfAbsent(new RequestTags(route, status), tags -> Timer.builder(REQUEST_DURATION)
                .tags("route", route, "status", Integer.toString(status))
                .publishPercentileHistogram()
                .register(registry)).record(duration);
    }

    public void spoolDepth(final Supplier<Number> depth) {
        Gauge.builder(SPOOL_DEPTH, depth).register(registry);
    }

    public void spooled(final int events) {
        Counter.builder(SPOOL_WRITTEN).register(registry).increment(events);
    }

    public void replayed(final int events) {
        Counter.builder(SPOOL_REPLAYED).register(registry).increment(events);
    }

    public void publishFailed(final Throwable error) {
        Counter.builder(PUBLISH_FAILED).tag("type", error.getClass().getSimpleName()).register(registry).increment();
    }

    /** Exposes the producer's own metrics (record rates, errors, buffer use) under {@code kafka.producer.*}. */
    public void bindProducer(final Producer<?, ?> producer) {
        new KafkaClientMetrics(producer).bindTo(registry);
    }

    private record HitTags(String endpoint, String client, String partner, HitOutcome outcome) {
    }

    private record RequestTags(String route, int status) {
    }
}
