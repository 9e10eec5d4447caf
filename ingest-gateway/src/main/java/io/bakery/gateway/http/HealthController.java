package io.bakery.gateway.http;

import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.function.BooleanSupplier;

/** Liveness and readiness probes for balancers and orchestrators. */
public final class HealthController {

    private final BooleanSupplier kafkaReachable;

    public HealthController(final BooleanSupplier kafkaReachable) {
        this.kafkaReachable = kafkaReachable;
    }

    /** The process is up and serving HTTP. */
    public void healthz(final Context ctx) {
        ctx.contentType("application/json").result("{\"status\":\"up\"}");
    }

    /** Ready to accept events: Kafka is reachable. */
    public void readyz(final Context ctx) {
        if (kafkaReachable.getAsBoolean()) {
            ctx.contentType("application/json").result("{\"status\":\"ready\",\"kafka\":\"reachable\"}");
        } else {
            ctx.status(HttpStatus.SERVICE_UNAVAILABLE)
                    .contentType("application/json")
                    .result("{\"status\":\"not-ready\",\"kafka\":\"unreachable\"}");
        }
    }
}
