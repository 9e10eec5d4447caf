package io.bakery.gateway.crm;

import io.bakery.gateway.auth.ApiKeyAuthenticator;
import io.bakery.schemas.Topics;
import io.bakery.schemas.avro.ClientRecordKey;
import io.bakery.schemas.avro.CrmRecord;
import io.bakery.schemas.avro.GenerationMarker;
import io.bakery.schemas.avro.HashedIdentifier;
import io.bakery.schemas.avro.IdentifierType;
import io.bakery.schemas.avro.ReplaceAllGeneration;
import io.bakery.schemas.config.ApiKeyConfig.Scope;
import io.bakery.schemas.config.BakeryConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
        runner.run(ctx, clientId, clientId, UploadReportStore.ACTION_UPLOAD, mode.get().parameter(),
                (body, transaction, report) -> produce(clientId, mode.get(), format.get(), body, transaction, report));
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

    private void produce(final String clientId, final UploadMode mode, final Format format, final UploadBody body,
                         final UploadTransactions.Transaction transaction, final UploadReport report)
            throws IOException {
        final UploadRowReader rows = format == Format.CSV
                ? new CsvUploadReader(body.reader(), settings.maxRowChars(), mode != UploadMode.REMOVE)
                : new NdjsonUploadReader(body.reader(), settings.maxRowChars());
        final RowValidator validator = new RowValidator(mode, settings.maxRecordIdChars());
        final Instant now = clock.instant();
        final ReplaceAllGeneration member = mode == UploadMode.REPLACE_ALL
                ? new ReplaceAllGeneration(report.uploadId(), GenerationMarker.MEMBER, 0L) : null;
        for (UploadRow row = rows.next(); row != null; row = rows.next()) {
            final RowValidator.Outcome outcome = validator.validate(row);
            if (outcome.rejection() != null) {
                report.rejected(row.rowNumber(), outcome.rejection());
                continue;
            }
            final ClientRecordKey key = new ClientRecordKey(clientId, outcome.recordId());
            final CrmRecord value = mode == UploadMode.REMOVE ? null : new CrmRecord(clientId, outcome.recordId(),
                    outcome.identifiers(), report.uploadId(), now, member);
            transaction.send(Topics.CRM_RECORDS, null, key, value);
            report.accepted(types(outcome.identifiers()));
        }
        if (mode == UploadMode.REPLACE_ALL) {
            if (report.accepted() == 0) {
                // An empty generation would delete every record of the client: too easy to do by mistake.
                throw new UnusableUploadException("a replace-all upload with no valid row would delete every record;"
                        + " nothing was stored");
            }
            transaction.flush();
            final ReplaceAllGeneration complete =
                    new ReplaceAllGeneration(report.uploadId(), GenerationMarker.COMPLETE, report.accepted());
            final CrmRecord marker = new CrmRecord(clientId, "", List.of(), report.uploadId(), now, complete);
            for (final int partition : transaction.partitions(Topics.CRM_RECORDS)) {
                transaction.send(Topics.CRM_RECORDS, partition, new ClientRecordKey(clientId, ""), marker);
            }
        }
    }

    private static List<IdentifierType> types(final List<HashedIdentifier> identifiers) {
        final List<IdentifierType> types = new ArrayList<>(identifiers.size());
        for (final HashedIdentifier identifier : identifiers) {
            types.add(identifier.getType());
        }
        return types;
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
