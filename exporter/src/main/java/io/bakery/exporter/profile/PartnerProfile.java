package io.bakery.exporter.profile;

import io.bakery.schemas.config.DestinationConfig;
import io.bakery.schemas.config.Dmp;
import java.util.List;
import java.util.Objects;

/**
 * The export side of a DMP's partner profile: the file a DMP receives every night and how it usually gets there.
 * Cookie-id validation is the other side of the profile and lives with the gateway
 * ({@code io.bakery.schemas.partners.CookieIdRules}).
 *
 * @param dmp the DMP
 * @param specVersion the version of this file layout; bumped whenever the bytes for the same input change
 * @param kind CSV or NDJSON
 * @param headers the header names, one per column (CSV only; empty for NDJSON)
 * @param columns what each column holds (CSV only)
 * @param delimiter the CSV column delimiter (a client may override it)
 * @param header whether the first line is the header
 * @param quoting when CSV values are quoted
 * @param gzip whether the file is gzip-compressed by default (a client may override it); adds {@code .gz}
 * @param fileNamePattern the file's path relative to the destination, before {@code .gz}; tokens {@code
 *     {yyyyMMdd}} and {@code {yyyy-MM-dd}} are the client-day, {@code {yyyyMMddHHmmss}} the window end in UTC
 * @param defaultDelivery how this DMP usually receives files
 * @param toConfirm what the research could not verify and must be confirmed with the partner; empty if nothing
 */
public record PartnerProfile(
        Dmp dmp,
        int specVersion,
        FileKind kind,
        List<String> headers,
        List<Column> columns,
        char delimiter,
        boolean header,
        Quoting quoting,
        boolean gzip,
        String fileNamePattern,
        DestinationConfig.Type defaultDelivery,
        String toConfirm) {

    public PartnerProfile {
        Objects.requireNonNull(dmp, "dmp");
        headers = List.copyOf(headers);
        columns = List.copyOf(columns);
        if (kind == FileKind.CSV && (headers.size() != columns.size() || columns.isEmpty())) {
            throw new IllegalArgumentException(dmp + ": a CSV profile needs one header name per column");
        }
    }

    /** The spec identifier written into manifests, e.g. {@code tealium/1}. */
    public String specId() {
        return dmp.configName() + "/" + specVersion;
    }
}
