package io.bakery.gateway.crm;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.bakery.schemas.Topics;
import io.bakery.schemas.avro.AuditEvent;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.zip.ZipException;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one upload from request to response, the same way for CRM uploads and identity-graph intake: replays the
 * report of an Idempotency-Key seen before, enforces the size limit, streams the body through the format's
 * {@link BodyHandler} inside one Kafka transaction, writes the audit event (with the report) in that transaction,
 * and answers only after the commit, i.e. after every record is acknowledged by all in-sync replicas.
 */
public final class UploadRunner {

    /** Reads the rows of a body and sends the accepted ones in the transaction. */
    @FunctionalInterface
    public interface BodyHandler {
        void handle(UploadBody body, UploadTransactions.Transaction transaction, UploadReport report)
                throws IOException;
    }

    /** The request header that makes a retry safe. */
    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    /** Response header set when a stored report is replayed. */
    public static final String REPLAYED = "Idempotent-Replayed";

    private static final Logger LOG = LoggerFactory.getLogger(UploadRunner.class);

    private final UploadTransactions transactions;
    private final UploadReportStore reports;
    private final UploadSettings settings;
    private final Clock clock;

    public UploadRunner(final UploadTransactions transactions, final UploadReportStore reports,
                        final UploadSettings settings, final Clock clock) {
        this.transactions = transactions;
        this.reports = reports;
        this.settings = settings;
        this.clock = clock;
    }

    /**
     * Runs the upload described by {@code ctx}.
     *
     * @param scope where upload ids and keys live: the client id, or the intake scope
     * @param clientId the client for the audit event, or null
     * @param action the audit action
     * @param mode the upload mode for the report, or null
     */
    public void run(final Context ctx, final String scope, final String clientId, final String action,
                    final String mode, final BodyHandler handler) {
        final String key = ctx.header(IDEMPOTENCY_KEY);
        if (key != null && (key.isBlank() || key.length() > 255)) {
            error(ctx, HttpStatus.BAD_REQUEST, "Idempotency-Key must be 1-255 characters");
            return;
        }
        if (key != null) {
            final Optional<String> earlier = reports.byIdempotencyKey(scope, key);
            if (earlier.isPresent()) {
                ctx.header(REPLAYED, "true").contentType("application/json").result(earlier.get());
                return;
            }
            if (!reports.caughtUp()) {
                ctx.header("Retry-After", "5");
                error(ctx, HttpStatus.SERVICE_UNAVAILABLE, "the gateway is still loading earlier uploads; retry");
                return;
            }
            if (!reports.claim(scope, key)) {
                error(ctx, HttpStatus.CONFLICT, "an upload with this Idempotency-Key is running");
                return;
            }
        }
        try {
            final long declared = ctx.req().getContentLengthLong();
            if (declared > settings.maxBodyBytes()) {
                error(ctx, HttpStatus.CONTENT_TOO_LARGE, "the body is larger than " + settings.maxBodyBytes() + " bytes");
                return;
            }
            runTransaction(ctx, scope, clientId, action, mode, key, handler);
        } finally {
            if (key != null) {
                reports.release(scope, key);
            }
        }
    }

    private void runTransaction(final Context ctx, final String scope, final String clientId, final String action,
                                final String mode, final String key, final BodyHandler handler) {
        final boolean gzip = "gzip".equalsIgnoreCase(ctx.header("Content-Encoding"));
        final Result result = execute(ctx::bodyInputStream, gzip, new Upload(scope, clientId, action, mode, key,
                Map.of()), handler);
        switch (result.outcome()) {
            case COMMITTED -> ctx.contentType("application/json").result(result.reportJson());
            case REJECTED -> ctx.status(HttpStatus.BAD_REQUEST).contentType("application/json")
                    .result(result.reportJson());
            case TOO_LARGE -> ctx.status(HttpStatus.CONTENT_TOO_LARGE).contentType("application/json")
                    .result(result.reportJson());
            // Another gateway committed the same key while this one read the body.
            case DUPLICATE -> ctx.header(REPLAYED, "true").contentType("application/json").result(result.reportJson());
            case BUSY -> {
                ctx.header("Retry-After", "10");
                error(ctx, HttpStatus.SERVICE_UNAVAILABLE, result.error());
            }
            case UNAVAILABLE -> error(ctx, HttpStatus.SERVICE_UNAVAILABLE, result.error());
            default -> throw new IllegalStateException("unhandled outcome " + result.outcome());
        }
    }

    /** Where a body comes from; opened once, inside the upload's transaction. */
    @FunctionalInterface
    public interface BodySource {
        InputStream open() throws IOException;
    }

    /**
     * What an upload is, apart from its body.
     *
     * @param scope where upload ids and keys live: the client id, or the intake scope
     * @param clientId the client for the audit event, or null
     * @param action the audit action
     * @param mode the upload mode for the report, or null
     * @param key the idempotency key kept with the report, or null
     * @param details more audit details (e.g. where a pulled file came from); never a value of the body
     */
    public record Upload(String scope, String clientId, String action, String mode, String key,
                         Map<String, String> details) {
        public Upload {
            details = Map.copyOf(details);
        }

        /** The same upload under {@code newKey}, with {@code newDetails}. */
        public Upload named(final String newKey, final Map<String, String> newDetails) {
            return new Upload(scope, clientId, action, mode, newKey, newDetails);
        }
    }

    /** How a run ended. */
    public enum Outcome {
        /** Everything accepted is in Kafka, with the audit event and its report. */
        COMMITTED,
        /** The body as a whole was unusable; nothing was stored; the report says why. */
        REJECTED,
        /** The body was larger than the limit; nothing was stored. */
        TOO_LARGE,
        /** Every producer was busy; nothing was read. */
        BUSY,
        /** Kafka did not take it; nothing was stored; retry. */
        UNAVAILABLE,
        /**
         * The body's idempotency key, checked again just before the commit, was committed meanwhile (or, for a
         * key known only at the end of the body, before): this run was aborted; the report is the earlier one.
         */
        DUPLICATE
    }

    /**
     * The end of a run: the report document (COMMITTED, REJECTED, TOO_LARGE) or the error (BUSY, UNAVAILABLE).
     */
    public record Result(Outcome outcome, String reportJson, String error) {}

    /**
     * Runs one upload whatever its body comes from (an HTTP request, a pulled file): reads it through
     * {@code handler} inside one Kafka transaction and commits it with its audit event, or aborts. The caller
     * checks the idempotency key first; it is checked again just before the commit. A RuntimeException of the
     * body or the handler aborts the transaction and is thrown on, with no audit event: the upload did not happen.
     */
    public Result execute(final BodySource source, final boolean gzip, final Upload upload,
                          final BodyHandler handler) {
        return execute(source, gzip, upload, handler, UnaryOperator.identity());
    }

    /**
     * As {@link #execute(BodySource, boolean, Upload, BodyHandler)}, for an upload whose idempotency key and audit
     * details are known only once its body has been read (a pulled file is named by the checksum of its bytes,
     * which its single read gives at the end): {@code afterBody} completes {@code upload} then, whether the body
     * was accepted or refused. When the completed key was committed before, the run is aborted (DUPLICATE).
     */
    public Result execute(final BodySource source, final boolean gzip, final Upload upload,
                          final BodyHandler handler, final UnaryOperator<Upload> afterBody) {
        final Instant receivedAt = clock.instant();
        final String uploadId = UUID.randomUUID().toString();
        final UploadReport report = new UploadReport(uploadId, upload.clientId(), upload.action(), upload.mode(),
                receivedAt);
        final UploadTransactions.Transaction transaction;
        try {
            transaction = transactions.begin();
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(Outcome.UNAVAILABLE, null, "interrupted");
        } catch (final KafkaException e) {
            LOG.warn("upload {} refused: Kafka is not available ({})", uploadId, e.toString());
            return new Result(Outcome.UNAVAILABLE, null, "Kafka is not available; nothing was stored, retry later");
        }
        if (transaction == null) {
            return new Result(Outcome.BUSY, null, "too many uploads are running; retry later");
        }
        String refusal = null;
        Outcome refusalOutcome = Outcome.REJECTED;
        UploadBody.Summary summary = null;
        Upload recorded = upload;
        try (transaction) {
            try (UploadBody body = UploadBody.open(source.open(), gzip, settings.maxBodyBytes())) {
                handler.handle(body, transaction, report);
                summary = body.finish();
            } catch (final UnusableUploadException e) {
                refusal = e.getMessage();
            } catch (final UploadBody.TooLargeException e) {
                refusal = e.getMessage();
                refusalOutcome = Outcome.TOO_LARGE;
            } catch (final CharacterCodingException e) {
                refusal = "the body is not valid UTF-8 (after row " + report.rows() + ")";
            } catch (final ZipException e) {
                refusal = "the body is not valid gzip: " + e.getMessage();
            } catch (final IOException e) {
                refusal = "the body could not be read to its end: " + e.getMessage();
            }
            recorded = afterBody.apply(upload);
            final Optional<String> earlier = refusal != null || recorded.key() == null ? Optional.empty()
                    : reports.byIdempotencyKey(recorded.scope(), recorded.key());
            if (refusal != null) {
                transaction.abort();
            } else if (earlier.isPresent()) {
                transaction.abort();
                LOG.info("upload {} aborted: its idempotency key was committed before", uploadId);
                return new Result(Outcome.DUPLICATE, earlier.get(), null);
            } else {
                final ObjectNode json = report.toJson("complete", null, summary, clock.instant());
                final AuditEvent event = audit(uploadId, recorded.clientId(), recorded.action(), report, summary,
                        recorded.scope(), recorded.key(), json.toString());
                event.getDetails().putAll(recorded.details());
                transaction.send(Topics.AUDIT, null, recorded.clientId(), event);
                transaction.commit();
                reports.put(recorded.scope(), uploadId, recorded.key(), json.toString());
                LOG.info("upload {} committed: {} rows, {} accepted", uploadId, report.rows(), report.accepted());
                return new Result(Outcome.COMMITTED, json.toString(), null);
            }
        } catch (final KafkaException e) {
            LOG.warn("upload {} aborted: {}", uploadId, e.toString());
            return new Result(Outcome.UNAVAILABLE, null, "Kafka did not acknowledge the upload; nothing was stored, "
                    + "retry (with the same Idempotency-Key)");
        }
        final ObjectNode json = report.toJson("rejected", refusal, summary, clock.instant());
        auditRefusal(uploadId, recorded, report, summary, refusal);
        return new Result(refusalOutcome, json.toString(), refusal);
    }

    /** An audit event for an upload that stored nothing; best effort, in a transaction of its own. */
    private void auditRefusal(final String uploadId, final Upload upload, final UploadReport report,
                              final UploadBody.Summary summary, final String refusal) {
        try {
            final UploadTransactions.Transaction transaction = transactions.begin();
            if (transaction == null) {
                return;
            }
            try (transaction) {
                final AuditEvent event = audit(uploadId, upload.clientId(), upload.action() + "-rejected", report,
                        summary, null, null, null);
                event.getDetails().putAll(upload.details());
                event.getDetails().put("error", refusal);
                transaction.send(Topics.AUDIT, null, upload.clientId(), event);
                transaction.commit();
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (final KafkaException e) {
            LOG.warn("audit event of refused upload {} not written: {}", uploadId, e.toString());
        }
    }

    private AuditEvent audit(final String uploadId, final String clientId, final String action,
                             final UploadReport report, final UploadBody.Summary summary, final String scope,
                             final String key, final String reportJson) {
        final Map<String, Long> counts = new HashMap<>();
        counts.put("rows", report.rows());
        counts.put("accepted", report.accepted());
        counts.put("rejected", report.rejected());
        report.rejectedCounts().forEach((reason, count) -> counts.put("rejected." + reason, count));
        report.identifierCounts().forEach((type, count) -> counts.put("identifiers." + IdentifierColumn.name(type),
                count));
        if (summary != null) {
            counts.put("bodyBytes", summary.receivedBytes());
        }
        final Map<String, String> details = new HashMap<>();
        if (reportJson != null) {
            details.put(UploadReportStore.DETAIL_REPORT, reportJson);
            details.put(UploadReportStore.DETAIL_SCOPE, scope);
        }
        if (key != null) {
            details.put(UploadReportStore.DETAIL_IDEMPOTENCY_KEY, key);
        }
        return new AuditEvent(UUID.randomUUID().toString(), clientId, action, uploadId, clock.instant(), counts,
                summary == null ? null : summary.sha256(), details);
    }

    static void error(final Context ctx, final HttpStatus status, final String message) {
        ctx.status(status).json(Map.of("error", message));
    }
}
