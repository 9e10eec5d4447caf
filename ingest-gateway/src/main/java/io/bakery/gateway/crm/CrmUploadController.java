package io.bakery.gateway.crm;

import io.bakery.gateway.auth.ApiKeyAuthenticator;
import io.bakery.schemas.config.ApiKeyConfig.Scope;
import io.bakery.schemas.config.BakeryConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;

/**
 * The CRM upload API: {@code POST /api/v1/clients/{clientId}/uploads?mode=add|remove|replace-all} with a hashed
 * CSV or NDJSON body, and {@code GET /api/v1/clients/{clientId}/uploads/{uploadId}} for its report.
 *
 * <p>Per mode, on {@code bakery.crm-records} keyed by (client, record id): add = one upsert per row with the
 * record's full identifier set; remove = one tombstone per row; replace-all = upserts marked as members of the
 * generation (id = upload id), then a COMPLETE marker with the member count on every partition, so each topology
 * task sees it after the members it holds; only then is the upload committed and reported.
 *
 * <p>With {@code session=S&part=N} the upload is one part of an upload session ({@link UploadSessions}): its
 * replace-all members belong to generation S and no COMPLETE marker is written; completing the session does that.
 */
public final class CrmUploadController {

    public static final String UPLOADS_PATH = "/api/v1/clients/{clientId}/uploads";
    public static final String UPLOAD_PATH = UPLOADS_PATH + "/{uploadId}";
    public static final String CSV = "text/csv";
    public static final String NDJSON = "application/x-ndjson";

    private final BakeryConfig config;
    private final ApiKeyAuthenticator auth;
    private final UploadRunner runner;
    private final UploadReportStore reports;
    private final UploadSettings settings;
    private final Clock clock;

    public CrmUploadController(final BakeryConfig config, final ApiKeyAuthenticator auth, final UploadRunner runner,
                               final UploadReportStore reports, final UploadSettings settings, final Clock clock) {
        this.config = config;
        this.auth = auth;
        this.runner = runner;
        this.reports = reports;
        this.settings = settings;
        this.clock = clock;
    }

    /** {@code POST}: streams the body into Kafka and answers with the report once it is all acknowledged. */
    public void upload(final Context ctx) {
        final String clientId = ctx.pathParam("clientId");
        if (auth.require(ctx, clientId, Scope.UPLOAD).isEmpty()) {
            return;
        }
        if (config.client(clientId).isEmpty()) {
            UploadRunner.error(ctx, HttpStatus.NOT_FOUND, "no client " + clientId);
            return;
        }
        final Optional<UploadMode> mode = UploadMode.parse(ctx.queryParam("mode"));
        if (mode.isEmpty()) {
            UploadRunner.error(ctx, HttpStatus.BAD_REQUEST, "mode must be add, remove or replace-all");
            return;
        }
        final Optional<Format> format = format(ctx);
        if (format.isEmpty()) {
            UploadRunner.error(ctx, HttpStatus.UNSUPPORTED_MEDIA_TYPE, "send text/csv or application/x-ndjson "
                    + "in UTF-8, optionally with Content-Encoding: gzip");
            return;
        }
        // A part of an upload session (the web page's chunked, resumable upload): see UploadSessions.
        final Optional<UploadSessions.Part> part;
        try {
            part = UploadSessions.Part.of(ctx.queryParam(UploadSessions.SESSION), ctx.queryParam(UploadSessions.PART));
        } catch (final IllegalArgumentException e) {
            UploadRunner.error(ctx, HttpStatus.BAD_REQUEST, e.getMessage());
            return;
        }
        runner.run(ctx, clientId, clientId, UploadReportStore.ACTION_UPLOAD, mode.get().parameter(),
                (body, transaction, report) -> produce(clientId, mode.get(), format.get(), part.orElse(null), body,
                        transaction, report));
    }

    /** {@code GET}: the report of an earlier upload of the client. */
    public void report(final Context ctx) {
        final String clientId = ctx.pathParam("clientId");
        if (auth.require(ctx, clientId, Scope.READ).isEmpty()) {
            return;
        }
        final Optional<String> report = reports.byUpload(clientId, ctx.pathParam("uploadId"));
        if (report.isEmpty()) {
            UploadRunner.error(ctx, HttpStatus.NOT_FOUND, "no such upload");
            return;
        }
        ctx.contentType("application/json").result(report.get());
    }

    private void produce(final String clientId, final UploadMode mode, final Format format,
                         final UploadSessions.Part part, final UploadBody body,
                         final UploadTransactions.Transaction transaction, final UploadReport report)
            throws IOException {
        final UploadRowReader rows = format == Format.CSV
                ? new CsvUploadReader(body.reader(), settings.maxRowChars(), mode != UploadMode.REMOVE)
                : new NdjsonUploadReader(body.reader(), settings.maxRowChars());
        final CrmRecordWriter writer;
        if (part == null) {
            writer = new CrmRecordWriter(clientId, mode, transaction, report, clock.instant());
        } else {
            // A session part: generation = the session; completing the session writes the COMPLETE markers.
            report.partOf(part.session(), part.index());
            writer = CrmRecordWriter.partOf(part.session(), clientId, mode, transaction, report, clock.instant());
        }
        produceRows(rows, new RowValidator(mode, settings.maxRecordIdChars()), writer, report);
    }

    /** Validates each row of a hashed upload and writes the accepted ones; the pull reads hashed files with it. */
    public static void produceRows(final UploadRowReader rows, final RowValidator validator,
                                   final CrmRecordWriter writer, final UploadReport report) throws IOException {
        for (UploadRow row = rows.next(); row != null; row = rows.next()) {
            final RowValidator.Outcome outcome = validator.validate(row);
            if (outcome.rejection() != null) {
                report.rejected(row.rowNumber(), outcome.rejection());
                continue;
            }
            writer.write(outcome.recordId(), outcome.identifiers());
        }
        writer.finish();
    }

    private enum Format { CSV, NDJSON }

    private static Optional<Format> format(final Context ctx) {
        final String contentType = ctx.header("Content-Type");
        final String encoding = ctx.header("Content-Encoding");
        if (encoding != null && !encoding.equalsIgnoreCase("gzip") && !encoding.equalsIgnoreCase("identity")) {
            return Optional.empty();
        }
        if (contentType == null) {
            return Optional.empty();
        }
        final String[] parts = contentType.toLowerCase(Locale.ROOT).split(";");
        for (int i = 1; i < parts.length; i++) {
            final String parameter = parts[i].strip();
            if (parameter.startsWith("charset=") && !parameter.equals("charset=utf-8")
                    && !parameter.equals("charset=\"utf-8\"")) {
                return Optional.empty();
            }
        }
        return switch (parts[0].strip()) {
            case CSV -> Optional.of(Format.CSV);
            case NDJSON, "application/ndjson" -> Optional.of(Format.NDJSON);
            default -> Optional.empty();
        };
    }
}
