package io.bakery.gateway.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bakery.gateway.auth.ApiKeyAuthenticator;
import io.bakery.gateway.auth.Caller;
import io.bakery.schemas.avro.ClientStats;
import io.bakery.schemas.avro.ExportDelivery;
import io.bakery.schemas.config.ApiKeyConfig.Scope;
import io.bakery.schemas.config.BakeryConfig;
import io.bakery.schemas.config.ClientConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * The JSON behind the pages, with the upload API's Bearer keys and scopes: who a key is ({@code /api/v1/me}), and
 * per client (scope {@code read}) the match funnel, the recent uploads with their reports and the recent export
 * files, all from the {@link DashboardFeed}.
 */
public final class DashboardController {

    public static final String ME_PATH = "/api/v1/me";
    public static final String FUNNEL_PATH = "/api/v1/clients/{clientId}/funnel";
    public static final String RECENT_UPLOADS_PATH = "/api/v1/clients/{clientId}/recent-uploads";
    public static final String EXPORTS_PATH = "/api/v1/clients/{clientId}/exports";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final BakeryConfig config;
    private final ApiKeyAuthenticator auth;
    private final DashboardFeed feed;

    public DashboardController(final BakeryConfig config, final ApiKeyAuthenticator auth, final DashboardFeed feed) {
        this.config = config;
        this.auth = auth;
        this.feed = feed;
    }

    /** {@code GET /api/v1/me}: the key's client, scopes and the client's default phone country (never the key). */
    public void me(final Context ctx) {
        final Optional<Caller> caller = auth.authenticate(ctx.header("Authorization"));
        if (caller.isEmpty()) {
            ctx.header("WWW-Authenticate", "Bearer");
            ctx.status(HttpStatus.UNAUTHORIZED).json(Map.of("error", "a valid API key is required: Authorization:"
                    + " Bearer <key>"));
            return;
        }
        final ObjectNode node = JSON.createObjectNode();
        node.put("keyId", caller.get().keyId());
        final ArrayNode scopes = node.putArray("scopes");
        caller.get().scopes().forEach(scope -> scopes.add(scope.configName()));
        if (caller.get().isOperator()) {
            node.putNull("clientId");
            final ArrayNode clients = node.putArray("clients");
            config.clients().forEach(client -> clients.add(client.id()));
        } else {
            node.put("clientId", caller.get().clientId());
            config.client(caller.get().clientId()).ifPresent(client -> describe(node, client));
        }
        json(ctx, node);
    }

    private static void describe(final ObjectNode node, final ClientConfig client) {
        node.put("phoneCountry", client.phoneCountry());
        node.put("timeZone", client.timeZone());
    }

    /** {@code GET .../funnel}: records → linked → matched, and matched cookies seen in the last 24 h. */
    public void funnel(final Context ctx) {
        final String clientId = readableClient(ctx);
        if (clientId == null) {
            return;
        }
        final ObjectNode node = JSON.createObjectNode();
        node.put("clientId", clientId);
        final Optional<ClientStats> stats = feed.stats(clientId);
        node.put("available", stats.isPresent());
        stats.ifPresent(s -> {
            node.put("records", s.getRecords());
            node.put("recordsLinked", s.getRecordsLinked());
            node.put("recordsMatched", s.getRecordsMatched());
            node.put("cookiesMatched", s.getCookiesMatched());
            node.put("cookiesMatchedSeenLast24h", s.getCookiesMatchedSeenLast24h());
            node.put("updatedAt", s.getUpdatedAt().toString());
        });
        json(ctx, node);
    }

    /** {@code GET .../recent-uploads}: the latest uploads and pulls with their reports, newest first. */
    public void recentUploads(final Context ctx) {
        final String clientId = readableClient(ctx);
        if (clientId == null) {
            return;
        }
        final ArrayNode list = JSON.createArrayNode();
        for (final DashboardFeed.UploadEntry entry : feed.uploads(clientId)) {
            final ObjectNode node = list.addObject();
            node.put("uploadId", entry.uploadId());
            node.put("action", entry.action());
            node.put("at", Instant.ofEpochMilli(entry.occurredAt()).toString());
            if (entry.report() != null) {
                node.set("report", entry.report());
            }
            if (entry.error() != null) {
                node.put("error", entry.error());
            }
        }
        json(ctx, JSON.createObjectNode().put("clientId", clientId).set("uploads", list));
    }

    /** {@code GET .../exports}: the delta files per day, newest first: rows, SHA-256, delivery state. */
    public void exports(final Context ctx) {
        final String clientId = readableClient(ctx);
        if (clientId == null) {
            return;
        }
        final ArrayNode list = JSON.createArrayNode();
        for (final ExportDelivery delivery : feed.exports(clientId)) {
            final ObjectNode node = list.addObject();
            node.put("day", delivery.getDay());
            node.put("state", delivery.getState().name());
            node.put("rows", delivery.getRowCount());
            node.put("sha256", delivery.getSha256());
            node.put("fileName", delivery.getFileName());
            node.put("destination", delivery.getDestination());
            node.put("at", delivery.getAt().toString());
        }
        json(ctx, JSON.createObjectNode().put("clientId", clientId).set("exports", list));
    }

    /** The path's client if the key may read it and it exists; otherwise answers and returns null. */
    private String readableClient(final Context ctx) {
        final String clientId = ctx.pathParam("clientId");
        if (auth.require(ctx, clientId, Scope.READ).isEmpty()) {
            return null;
        }
        if (config.client(clientId).isEmpty()) {
            ctx.status(HttpStatus.NOT_FOUND).json(Map.of("error", "no client " + clientId));
            return null;
        }
        return clientId;
    }

    private static void json(final Context ctx, final ObjectNode node) {
        ctx.header("Cache-Control", "no-store").contentType("application/json").result(node.toString());
    }
}
