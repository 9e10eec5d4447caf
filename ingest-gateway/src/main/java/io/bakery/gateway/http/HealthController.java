package io.bakery.gateway.http;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

/**
 * Liveness and readiness probes for balancers and orchestrators.
 *
 * <p>Readiness is 200 "ready" when Kafka is reachable and the disk spool is empty, and 200 "degraded" while
 * Kafka is unreachable or the spool still holds events: the spool keeps the 2xx promise, so balancers should keep
 * sending (draining every gateway at once during a Kafka outage would lose the hits instead of spooling them).
 * Alert on "degraded" or on the spool depth metric.
 */
public final class HealthController {

    /** The liveness probe's path. */
    public static final String LIVENESS_PATH = "/healthz";
    /** The readiness probe's path. */
    public static final String READINESS_PATH = "/readyz";

    private final BooleanSupplier kafkaReachable;
    private final LongSupplier spoolDepth;

    public HealthController(final BooleanSupplier kafkaReachable) {
        this(kafkaReachable, () -> 0L);
    }

    public HealthController(final BooleanSupplier kafkaReachable, final LongSupplier spoolDepth) {
        this.kafkaReachable = kafkaReachable;
        this.spoolDepth = spoolDepth;
    }

    /** The process is up and serving HTTP. */
    public void healthz(final Context ctx) {
        ctx.contentType("application/json").result("{\"status\":\"up\"}");
    }

    /** Ready to accept events: 200 "ready", or 200 "degraded" while events go to the disk spool. */
    public void readyz(final Context ctx) {
        final boolean reachable = kafkaReachable.getAsBoolean();
        final long spooled = spoolDepth.getAsLong();
        final String status = reachable && spooled == 0 ? "ready" : "degraded";
        ctx.status(HttpStatus.OK).contentType("application/json")
                .result("{\"status\":\"" + status + "\",\"kafka\":\"" + (reachable ? "reachable" : "unreachable")
                        + "\",\"spoolDepth\":" + spooled + "}");
    }
}
