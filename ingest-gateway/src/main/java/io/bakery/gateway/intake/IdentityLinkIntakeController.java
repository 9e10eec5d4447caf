package io.bakery.gateway.intake;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.bakery.gateway.auth.ApiKeyAuthenticator;
import io.bakery.gateway.crm.BoundedLineReader;
import io.bakery.gateway.crm.IdentifierColumn;
import io.bakery.gateway.crm.RowRejection;
import io.bakery.gateway.crm.UploadBody;
import io.bakery.gateway.crm.UploadReport;
import io.bakery.gateway.crm.UploadReportStore;
import io.bakery.gateway.crm.UploadRunner;
import io.bakery.gateway.crm.UploadSettings;
import io.bakery.gateway.crm.UploadTransactions;
import io.bakery.schemas.Topics;
import io.bakery.schemas.avro.HashedIdentifier;
import io.bakery.schemas.avro.IdentifierKey;
import io.bakery.schemas.avro.IdentifierType;
import io.bakery.schemas.avro.IdentityLink;
import io.bakery.schemas.avro.LinkOp;
import io.bakery.schemas.config.ApiKeyConfig.Scope;
import io.bakery.schemas.normalize.HashCanonicalizer;
import io.bakery.schemas.normalize.Normalized;
import io.bakery.schemas.normalize.NormalizationSpec;
import io.bakery.schemas.normalize.Rejection;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Identity-graph intake for the company's own feeds: {@code POST /api/v1/identity-links} (operator key with the
 * admin scope), NDJSON lines {@code {"bakery_id": "...", "type": "email_sha256", "hash": "...", "op": "add"}},
 * each accepted line one {@link IdentityLink} keyed by its identifier. Same validation, report, transaction and
 * Idempotency-Key handling as CRM uploads.
 */
public final class IdentityLinkIntakeController {

    public static final String PATH = "/api/v1/identity-links";
    /** Where intake upload ids and Idempotency-Keys live (client uploads live under the client id). */
    public static final String SCOPE = "_intake";
    public static final String REPORT_PATH = PATH + "/uploads/{uploadId}";
    static final String SOURCE = "intake";

    private static final JsonFactory JSON = new JsonFactory();
    private static final Pattern BAKERY_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final ApiKeyAuthenticator auth;
    private final UploadRunner runner;
    private final UploadReportStore reports;
    private final UploadSettings settings;
    private final Clock clock;

    public IdentityLinkIntakeController(final ApiKeyAuthenticator auth, final UploadRunner runner,
                                        final UploadReportStore reports, final UploadSettings settings,
                                        final Clock clock) {
        this.auth = auth;
        this.runner = runner;
        this.reports = reports;
        this.settings = settings;
        this.clock = clock;
    }

    /** {@code POST}: streams the links into Kafka and answers with the report. */
    public void intake(final Context ctx) {
        if (auth.require(ctx, null, Scope.ADMIN).isEmpty()) {
            return;
        }
        final String contentType = Optional.ofNullable(ctx.header("Content-Type")).orElse("")
                .split(";")[0].strip().toLowerCase(Locale.ROOT);
        final String encoding = ctx.header("Content-Encoding");
        if (!(contentType.equals("application/x-ndjson") || contentType.equals("application/ndjson"))
                || (encoding != null && !encoding.equalsIgnoreCase("gzip") && !encoding.equalsIgnoreCase("identity"))) {
            ctx.status(HttpStatus.UNSUPPORTED_MEDIA_TYPE).json(Map.of("error",
                    "send application/x-ndjson in UTF-8, optionally with Content-Encoding: gzip"));
            return;
        }
        runner.run(ctx, SCOPE, null, UploadReportStore.ACTION_INTAKE, null, this::produce);
    }

    /** {@code GET}: the report of an earlier intake. */
    public void report(final Context ctx) {
        if (auth.require(ctx, null, Scope.ADMIN).isEmpty()) {
            return;
        }
        final Optional<String> report = reports.byUpload(SCOPE, ctx.pathParam("uploadId"));
        if (report.isEmpty()) {
            ctx.status(HttpStatus.NOT_FOUND).json(Map.of("error", "no such intake"));
            return;
        }
        ctx.contentType("application/json").result(report.get());
    }

    private void produce(final UploadBody body, final UploadTransactions.Transaction transaction,
                         final UploadReport report) throws IOException {
        final BoundedLineReader lines = new BoundedLineReader(body.reader(), settings.maxRowChars());
        final Instant now = clock.instant();
        for (String line = lines.next(); line != null; line = lines.next()) {
            if (!lines.tooLong() && line.isBlank()) {
                continue;
            }
            final Map<String, String> fields = new HashMap<>();
            final RowRejection problem = lines.tooLong() ? RowRejection.ROW_TOO_LONG : parse(line, fields);
            final Object outcome = problem != null ? problem : link(fields, now);
            if (outcome instanceof RowRejection rejection) {
                report.rejected(lines.lineNumber(), rejection);
                continue;
            }
            final IdentityLink link = (IdentityLink) outcome;
            transaction.send(Topics.IDENTITY_LINKS, null,
                    new IdentifierKey(link.getIdentifier().getType(), link.getIdentifier().getHash()), link);
            report.accepted(List.of(link.getIdentifier().getType()));
        }
    }

    /** The link a line describes, or the reason it is rejected. */
    private static Object link(final Map<String, String> fields, final Instant now) {
        final String bakeryId = fields.get("bakery_id");
        if (bakeryId == null || !BAKERY_ID.matcher(bakeryId).matches()) {
            return RowRejection.BAD_BAKERY_ID;
        }
        final Optional<IdentifierType> type = IdentifierColumn.type(
                Optional.ofNullable(fields.get("type")).orElse("").toLowerCase(Locale.ROOT));
        if (type.isEmpty()) {
            return RowRejection.UNKNOWN_TYPE;
        }
        final Normalized hash = HashCanonicalizer.canonicalize(fields.get("hash"));
        if (!hash.isValid()) {
            return hash.rejection() == Rejection.HASH_OF_EMPTY_VALUE ? RowRejection.HASH_OF_EMPTY_VALUE
                    : RowRejection.BAD_HASH;
        }
        final String op = Optional.ofNullable(fields.get("op")).orElse("").toLowerCase(Locale.ROOT);
        if (!op.equals("add") && !op.equals("remove")) {
            return RowRejection.BAD_OP;
        }
        return new IdentityLink(UUID.randomUUID().toString(), bakeryId,
                new HashedIdentifier(type.get(), hash.value(), NormalizationSpec.VERSION),
                op.equals("add") ? LinkOp.ADD : LinkOp.REMOVE, SOURCE, now);
    }

    /** Reads a flat JSON object of string fields into {@code fields}; BAD_JSON if it is anything else. */
    private static RowRejection parse(final String line, final Map<String, String> fields) {
        try (JsonParser parser = JSON.createParser(line)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return RowRejection.BAD_JSON;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                final String name = parser.currentName();
                final JsonToken value = parser.nextToken();
                if (value == JsonToken.VALUE_STRING) {
                    fields.put(name, parser.getText());
                } else if (value != JsonToken.VALUE_NULL) {
                    return RowRejection.BAD_JSON;
                }
            }
            return parser.currentToken() == JsonToken.END_OBJECT && parser.nextToken() == null
                    ? null : RowRejection.BAD_JSON;
        } catch (final IOException e) {
            return RowRejection.BAD_JSON;
        }
    }
}
