package io.bakery.schemas.config;

import java.util.List;

/**
 * A client (a brand) as configured: its DMP, the partner values its pixels send, where its day starts, how its
 * phone numbers are read, and its API keys.
 *
 * @param id the client id used in topics, URLs and files
 * @param dmp the DMP the client uses; chooses the partner profile
 * @param partners the {@code partner} values the client's pixels send; each maps to this client only
 * @param timeZone the client's time zone (IANA id) for daily windows; UTC when absent
 * @param phoneCountry ISO 3166 alpha-2 region for phone numbers written without a country code
 * @param callbackUrl where {@code read=true} redirects, with {@code ${BAKERY_ID}} replaced; null disables it
 * @param cookieBounce whether a first hit without our cookie is bounced to check third-party cookies work
 * @param apiKeys the client's API keys, stored hashed
 * @param export where and how the nightly delta file is delivered; null: the exporter's folder, profile defaults
 * @param pull where the gateway fetches the client's CRM files from, and how; null: the client does not use it
 */
public record ClientConfig(
        String id,
        Dmp dmp,
        List<String> partners,
        String timeZone,
        String phoneCountry,
        String callbackUrl,
        Boolean cookieBounce,
        List<ApiKeyConfig> apiKeys,
        ExportConfig export,
        PullConfig pull) {

    public ClientConfig {
        partners = partners == null ? List.of() : List.copyOf(partners);
        apiKeys = apiKeys == null ? List.of() : List.copyOf(apiKeys);
        timeZone = timeZone == null ? "UTC" : timeZone;
        cookieBounce = cookieBounce == null ? Boolean.TRUE : cookieBounce;
    }

    /** A client without a pull section. */
    public ClientConfig(
            final String id,
            final Dmp dmp,
            final List<String> partners,
            final String timeZone,
            final String phoneCountry,
            final String callbackUrl,
            final Boolean cookieBounce,
            final List<ApiKeyConfig> apiKeys,
            final ExportConfig export) {
        this(id, dmp, partners, timeZone, phoneCountry, callbackUrl, cookieBounce, apiKeys, export, null);
    }

    /** A client with the profile's default export (the exporter's own folder). */
    public ClientConfig(
            final String id,
            final Dmp dmp,
            final List<String> partners,
            final String timeZone,
            final String phoneCountry,
            final String callbackUrl,
            final Boolean cookieBounce,
            final List<ApiKeyConfig> apiKeys) {
        this(id, dmp, partners, timeZone, phoneCountry, callbackUrl, cookieBounce, apiKeys, null, null);
    }

    /** The client's time zone as a zone id. */
    public java.time.ZoneId zone() {
        return java.time.ZoneId.of(timeZone);
    }
}
