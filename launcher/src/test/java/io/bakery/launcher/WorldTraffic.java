package io.bakery.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.bakery.launcher.SmallWorld.Browser;
import io.bakery.launcher.SmallWorld.CrmRecord;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

/**
 * Sends a {@link SmallWorld}'s day through a deployment's gateways as real HTTP requests: every browser visits
 * its clients' pages (the first hit without a Bakery cookie is bounced and comes back with it, through the next
 * gateway), then the identity graph's feed links the browsers' Bakery ids to their hashed e-mails, then each
 * client uploads its CRM records. A request that gets no answer or an undecided one is sent again, as browsers
 * and API clients do; each pixel request has its own site tag and the accepted ones go to {@link AcceptedRequests}.
 */
public final class WorldTraffic {

    private final SmallWorld world;
    private final GatewayClient gateways;
    private final AcceptedRequests accepted;
    private final AtomicInteger requests = new AtomicInteger();

    public WorldTraffic(final SmallWorld world, final GatewayClient gateways, final AcceptedRequests accepted) {
        this.world = world;
        this.gateways = gateways;
        this.accepted = accepted;
    }

    /** Sends the whole day. */
    public void send() {
        send(() -> {});
    }

    /**
     * Sends the whole day; {@code midStream} runs (e.g. a fault) once half of the browsers have visited, so the
     * other visits, the graph intake and the uploads flow after it.
     */
    public void send(final Runnable midStream) {
        final Map<Integer, String> bakeryIds = new HashMap<>();
        final List<Browser> browsers = world.browsers();
        for (int b = 0; b < browsers.size(); b++) {
            if (b == browsers.size() / 2) {
                midStream.run();
            }
            bakeryIds.put(browsers.get(b).number(), visitPages(browsers.get(b)));
        }
        linkIdentities(bakeryIds);
        for (final SmallWorld.Client client : world.clients()) {
            uploadCrmRecords(client.id(), world.records(client.id()));
        }
    }

    /** One browser visits each of its clients' pages; returns its Bakery id, read from its cookie. */
    private String visitPages(final Browser browser) {
        final AtomicReference<String> cookie = new AtomicReference<>();
        for (final Map.Entry<String, String> visit : browser.cookieIdByClient().entrySet()) {
            final String partner = world.clients().stream().filter(c -> c.id().equals(visit.getKey())).findFirst()
                    .orElseThrow().partner();
            await().atMost(Duration.ofSeconds(120)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(200))
                    .ignoreExceptionsInstanceOf(IOException.class)
                    .until(() -> visited(partner, visit.getValue(), cookie));
        }
        // bkry=<version>.<key id>.<Bakery id>.<tag>
        final String value = cookie.get();
        return value.substring(value.indexOf('=') + 1).split("\\.")[2];
    }

    /** One attempt at a page visit: true once a hit of it was answered 200 (and is accepted). */
    private boolean visited(final String partner, final String cookieId, final AtomicReference<String> cookie)
            throws IOException, InterruptedException {
        final String site = accepted.nextSiteTag();
        HttpResponse<String> response = gateways.get(
                gateways.gateway(requests.getAndIncrement()) + GatewayClient.syncPixel(site, partner, cookieId),
                cookie.get());
        if (response.statusCode() == 302 && cookie.get() == null) {
            cookie.set(GatewayClient.cookieOf(response));
            response = gateways.get(gateways.gateway(requests.getAndIncrement())
                    + response.headers().firstValue("Location").orElseThrow(), cookie.get());
        }
        if (response.statusCode() == 200) {
            accepted.pixelAccepted(site);
            return true;
        }
        return false;
    }

    /** The identity graph's feed: one intake of every browser's links to its hashed e-mails. */
    private void linkIdentities(final Map<Integer, String> bakeryIds) {
        final StringBuilder body = new StringBuilder();
        final Set<String> links = new LinkedHashSet<>();
        for (final Browser browser : world.browsers()) {
            for (final String hash : browser.emailHashes()) {
                body.append("{\"bakery_id\":\"").append(bakeryIds.get(browser.number()))
                        .append("\",\"type\":\"email_sha256\",\"hash\":\"").append(hash).append("\",\"op\":\"add\"}\n");
                links.add(bakeryIds.get(browser.number()) + "|" + hash);
            }
        }
        final JsonNode report = gateways.post("/api/v1/identity-links", WorldConfig.ADMIN_KEY, "it-identity-links",
                "application/x-ndjson", body.toString());
        assertThat(report.get("accepted").asInt()).isEqualTo(links.size());
        accepted.linksAccepted(links);
    }

    private void uploadCrmRecords(final String clientId, final List<CrmRecord> records) {
        final StringBuilder csv = new StringBuilder("record_id,email_sha256\n");
        records.forEach(r -> csv.append(r.recordId()).append(',').append(r.emailHash()).append('\n'));
        final JsonNode report = gateways.post("/api/v1/clients/" + clientId + "/uploads?mode=add",
                WorldConfig.clientKey(clientId), "it-upload-" + clientId, "text/csv", csv.toString());
        assertThat(report.get("accepted").asInt()).isEqualTo(records.size());
        accepted.uploadAccepted(clientId, records.stream().map(CrmRecord::recordId).collect(Collectors.toSet()));
    }
}
