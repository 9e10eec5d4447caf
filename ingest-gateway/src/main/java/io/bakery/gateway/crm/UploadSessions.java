package io.bakery.gateway.crm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bakery.gateway.auth.ApiKeyAuthenticator;
import io.bakery.schemas.Topics;
import io.bakery.schemas.avro.AuditEvent;
import io.bakery.schemas.avro.ClientRecordKey;
import io.bakery.schemas.avro.CrmRecord;
import io.bakery.schemas.avro.GenerationMarker;
import io.bakery.schemas.avro.ReplaceAllGeneration;
import io.bakery.schemas.config.ApiKeyConfig.Scope;
import io.bakery.schemas.config.BakeryConfig;
import io.bakery.schemas.normalize.NormalizationSpec;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Pattern;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Upload sessions: one logical upload sent as several parts, so that a browser can upload a file of any size in
 * chunks and resume after a reload or a lost connection. Each part is an ordinary upload
 * ({@code POST .../uploads?mode=M&session=S&part=N}, one Kafka transaction, an Idempotency-Key per part so a
 * resent part writes nothing new). Completing the session ({@code POST .../upload-sessions/S/complete}) checks
 * that every part 0..N-1 is committed, sums their reports into the session's report, and for replace-all writes
 * the COMPLETE marker of generation S on every partition: every part's rows are members of that one generation,
 * so records outside the whole file are deleted once, after all of it is in.
 *
 * <p>A session keeps no state of its own: its parts are found through their reports in {@code bakery.audit}
 * ({@link UploadReportStore}), and the completed session's report is stored there too, under the session id.
 */
public final class UploadSessions {

    public static final String SESSIONS_PATH = "/api/v1/clients/{clientId}/upload-sessions";
    public static final String SESSION_PATH = SESSIONS_PATH + "/{sessionId}";
    public static final String COMPLETE_PATH = SESSION_PATH + "/complete";
    /** Query parameter and report field: the session a part belongs to. */
    public static final String SESSION = "session";
    /** Query parameter and report field: the part's number, from 0. */
    public static final String PART = "part";
    /** The most parts a session may have. */
    public static final int MAX_PARTS = 100_000;

    private static final Pattern SESSION_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9-]{7,63}");
    private static final Logger LOG = LoggerFactory.getLogger(UploadSessions.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A part of a session, as the query parameters of a part upload name it. */
    public record Part(String session, int index) {

        /** The part named by the parameters; empty when neither is given. */
        public static Optional<Part> of(final String session, final String part) {
            if (session == null && part == null) {
                return Optional.empty();
            }
            if (session == null || part == null) {
                throw new IllegalArgumentException("session and part go together");
            }
            if (!SESSION_ID.matcher(session).matches()) {
                throw new IllegalArgumentException("session must be 8-64 letters, digits or '-'");
            }
            return Optional.of(new Part(session, partNumber(part, "part")));
        }
    }

    private final BakeryConfig config;
    private final ApiKeyAuthenticator auth;
    private final UploadTransactions transactions;
    private final UploadReportStore reports;
    private final Clock clock;

    public UploadSessions(final BakeryConfig config, final ApiKeyAuthenticator auth,
                          final UploadTransactions transactions, final UploadReportStore reports, final Clock clock) {
        this.config = config;
        this.auth = auth;
        this.transactions = transactions;
        this.reports = reports;
        this.clock = clock;
    }

    /** {@code POST .../upload-sessions}: a new session id (nothing is stored until a part is). */
    public void create(final Context ctx) {
        final String clientId = ctx.pathParam("clientId");
        if (auth.require(ctx, clientId, Scope.UPLOAD).isEmpty()) {
            return;
        }
        if (config.client(clientId).isEmpty()) {
            UploadRunner.error(ctx, HttpStatus.NOT_FOUND, "no client " + clientId);
            return;
        }
        final ObjectNode node = JSON.createObjectNode();
        node.put("sessionId", UUID.randomUUID().toString());
        ctx.status(HttpStatus.CREATED).contentType("application/json").result(node.toString());
    }

    /** {@code GET .../upload-sessions/{id}}: the parts committed so far, and the report once it is complete. */
    public void status(final Context ctx) {
        final String clientId = ctx.pathParam("clientId");
        if (auth.require(ctx, clientId, Scope.READ).isEmpty()) {
            return;
        }
        final String session = ctx.pathParam("sessionId");
        final ObjectNode node = JSON.createObjectNode();
        node.put("sessionId", session);
        final ArrayNode parts = node.putArray("committedParts");
        reports.sessionParts(clientId, session).keySet().forEach(parts::add);
        final Optional<String> report = reports.byUpload(clientId, session);
        node.put("complete", report.isPresent());
        if (report.isPresent()) {
            node.set("report", readTree(report.get()));
        }
        ctx.contentType("application/json").result(node.toString());
    }

    /**
     * {@code POST .../upload-sessions/{id}/complete?mode=M&parts=N}: answers the session's report once every
     * part is committed (and, for replace-all, the generation's COMPLETE marker with it); 409 naming the missing
     * parts otherwise. Completing again answers the same report.
     */
    public void complete(final Context ctx) {
        final String clientId = ctx.pathParam("clientId");
        if (auth.require(ctx, clientId, Scope.UPLOAD).isEmpty()) {
            return;
        }
        final String session = ctx.pathParam("sessionId");
        final Optional<UploadMode> mode = UploadMode.parse(ctx.queryParam("mode"));
        if (!SESSION_ID.matcher(session).matches() || mode.isEmpty()) {
            UploadRunner.error(ctx, HttpStatus.BAD_REQUEST, "a session id and mode add, remove or replace-all are"
                    + " required");
            return;
        }
        final int partCount;
        try {
            partCount = partNumber(ctx.queryParam("parts"), "parts");
        } catch (final IllegalArgumentException e) {
            UploadRunner.error(ctx, HttpStatus.BAD_REQUEST, e.getMessage());
            return;
        }
        if (partCount < 1) {
            UploadRunner.error(ctx, HttpStatus.BAD_REQUEST, "a session has at least one part");
            return;
        }
        final Optional<String> done = reports.byUpload(clientId, session);
        if (done.isPresent()) {
            ctx.header(UploadRunner.REPLAYED, "true").contentType("application/json").result(done.get());
            return;
        }
        if (!reports.caughtUp()) {
            ctx.header("Retry-After", "5");
            UploadRunner.error(ctx, HttpStatus.SERVICE_UNAVAILABLE, "the gateway is still loading earlier uploads;"
                    + " retry");
            return;
        }
        final String claim = "session-complete:" + session;
        if (!reports.claim(clientId, claim)) {
            UploadRunner.error(ctx, HttpStatus.CONFLICT, "this session is being completed");
            return;
        }
        try {
            completeClaimed(ctx, clientId, session, mode.get(), partCount);
        } finally {
            reports.release(clientId, claim);
        }
    }

    private void completeClaimed(final Context ctx, final String clientId, final String session,
                                 final UploadMode mode, final int partCount) {
        final SortedMap<Integer, String> committed = reports.sessionParts(clientId, session);
        final List<Integer> missing = new ArrayList<>();
        for (int part = 0; part < partCount && missing.size() < 100; part++) {
            if (!committed.containsKey(part)) {
                missing.add(part);
            }
        }
        if (!missing.isEmpty() || committed.lastKey() >= partCount) {
            final ObjectNode error = JSON.createObjectNode();
            error.put("error", missing.isEmpty() ? "the session has parts beyond " + (partCount - 1)
                    : "parts of the session are not committed (a part committed by another gateway may take a"
                            + " moment to be known here)");
            missing.forEach(error.putArray("missingParts")::add);
            ctx.status(HttpStatus.CONFLICT).contentType("application/json").result(error.toString());
            return;
        }
        final ObjectNode report = sum(clientId, session, mode, committed);
        if (report == null) {
            UploadRunner.error(ctx, HttpStatus.CONFLICT, "the parts of the session were not all sent with mode "
                    + mode.parameter());
            return;
        }
        if (mode == UploadMode.REPLACE_ALL && report.get("accepted").asLong() == 0) {
            UploadRunner.error(ctx, HttpStatus.BAD_REQUEST, "a replace-all session with no valid row would delete"
                    + " every record; the generation is not completed");
            return;
        }
        report.put("completedAt", clock.instant().toString());
        final String json = report.toString();
        try {
            commit(clientId, session, mode, report, json);
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            UploadRunner.error(ctx, HttpStatus.SERVICE_UNAVAILABLE, "interrupted");
            return;
        } catch (final KafkaException e) {
            LOG.warn("upload session {} not completed: {}", session, e.toString());
            UploadRunner.error(ctx, HttpStatus.SERVICE_UNAVAILABLE, "Kafka did not acknowledge the completion;"
                    + " retry");
            return;
        } catch (final SlotsTakenException e) {
            ctx.header("Retry-After", "10");
            UploadRunner.error(ctx, HttpStatus.SERVICE_UNAVAILABLE, "too many uploads are running; retry later");
            return;
        }
        reports.put(clientId, session, null, json);
        LOG.info("upload session {} completed: {} parts, {} rows accepted", session, partCount,
                report.get("accepted").asLong());
        ctx.contentType("application/json").result(json);
    }

    /** The COMPLETE markers (replace-all) and the audit event with the report, in one transaction. */
    private void commit(final String clientId, final String session, final UploadMode mode, final ObjectNode report,
                        final String json) throws InterruptedException {
        final UploadTransactions.Transaction transaction = transactions.begin();
        if (transaction == null) {
            throw new SlotsTakenException();
        }
        try (transaction) {
            final Instant now = clock.instant();
            final long accepted = report.get("accepted").asLong();
            if (mode == UploadMode.REPLACE_ALL) {
                final CrmRecord marker = new CrmRecord(clientId, "", List.of(), session, now,
                        new ReplaceAllGeneration(session, GenerationMarker.COMPLETE, accepted));
                for (final int partition : transaction.partitions(Topics.CRM_RECORDS)) {
                    transaction.send(Topics.CRM_RECORDS, partition, new ClientRecordKey(clientId, ""), marker);
                }
            }
            final Map<String, Long> counts = new HashMap<>();
            counts.put("rows", report.get("rows").asLong());
            counts.put("accepted", accepted);
            counts.put("rejected", report.get("rejected").asLong());
            counts.put("parts", report.get("parts").asLong());
            counts.put("bodyBytes", report.get("bodyBytes").asLong());
            final Map<String, String> details = new HashMap<>();
            details.put(UploadReportStore.DETAIL_REPORT, json);
            details.put(UploadReportStore.DETAIL_SCOPE, clientId);
            transaction.send(Topics.AUDIT, null, clientId, new AuditEvent(UUID.randomUUID().toString(), clientId,
                    UploadReportStore.ACTION_UPLOAD, session, now, counts, null, details));
            transaction.commit();
        }
    }

    /** The session's report: the parts' counts summed; null if a part was sent with another mode. */
    private ObjectNode sum(final String clientId, final String session, final UploadMode mode,
                           final SortedMap<Integer, String> parts) {
        long rows = 0;
        long accepted = 0;
        long bodyBytes = 0;
        final Map<String, Long> rejected = new TreeMap<>();
        final Map<String, ArrayNode> samples = new TreeMap<>();
        final Map<String, Long> identifiers = new TreeMap<>();
        final ArrayNode uploads = JSON.createArrayNode();
        String receivedAt = null;
        for (final Map.Entry<Integer, String> entry : parts.entrySet()) {
            final JsonNode part = readTree(entry.getValue());
            if (!mode.parameter().equals(part.path("mode").asText())) {
                return null;
            }
            rows += part.path("rows").asLong();
            accepted += part.path("accepted").asLong();
            bodyBytes += part.path("bodyBytes").asLong();
            uploads.add(part.path("uploadId").asText());
            if (receivedAt == null) {
                receivedAt = part.path("receivedAt").asText();
            }
            for (final Iterator<Map.Entry<String, JsonNode>> it = part.path("rejectedByReason").fields(); it.hasNext();) {
                final Map.Entry<String, JsonNode> reason = it.next();
                rejected.merge(reason.getKey(), reason.getValue().path("count").asLong(), Long::sum);
                final ArrayNode sample = samples.computeIfAbsent(reason.getKey(), r -> JSON.createArrayNode());
                for (final JsonNode row : reason.getValue().path("rows")) {
                    if (sample.size() < UploadReport.SAMPLE_ROWS) {
                        sample.addObject().put(PART, entry.getKey()).put("row", row.asLong());
                    }
                }
            }
            for (final Iterator<Map.Entry<String, JsonNode>> it = part.path("identifiersByType").fields(); it.hasNext();) {
                final Map.Entry<String, JsonNode> type = it.next();
                identifiers.merge(type.getKey(), type.getValue().asLong(), Long::sum);
            }
        }
        final ObjectNode node = JSON.createObjectNode();
        node.put("uploadId", session);
        node.put("sessionId", session);
        node.put("clientId", clientId);
        node.put("kind", UploadReportStore.ACTION_UPLOAD);
        node.put("mode", mode.parameter());
        node.put("status", "complete");
        node.put("specVersion", NormalizationSpec.VERSION);
        node.put("parts", parts.size());
        node.put("rows", rows);
        node.put("accepted", accepted);
        node.put("rejected", rows - accepted);
        final ObjectNode byReason = node.putObject("rejectedByReason");
        rejected.forEach((reason, count) -> {
            final ObjectNode entry = byReason.putObject(reason);
            entry.put("count", count);
            entry.set("rows", samples.get(reason));
        });
        final ObjectNode byType = node.putObject("identifiersByType");
        identifiers.forEach(byType::put);
        node.put("bodyBytes", bodyBytes);
        node.set("partUploadIds", uploads);
        if (receivedAt != null) {
            node.put("receivedAt", receivedAt);
        }
        return node;
    }

    private static int partNumber(final String text, final String name) {
        try {
            final int value = Integer.parseInt(text == null ? "" : text);
            if (value >= 0 && value <= MAX_PARTS) {
                return value;
            }
        } catch (final NumberFormatException e) {
            // answered below
        }
        throw new IllegalArgumentException(name + " must be a number 0.." + MAX_PARTS);
    }

    private static JsonNode readTree(final String json) {
        try {
            return JSON.readTree(json);
        } catch (final IOException e) {
            throw new IllegalStateException("a stored report is not JSON", e);
        }
    }

    /** Every producer is leased by a running upload. */
    private static final class SlotsTakenException extends RuntimeException {
        SlotsTakenException() {
            super("no free upload slot");
        }
    }
}
