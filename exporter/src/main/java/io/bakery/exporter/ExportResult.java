package io.bakery.exporter;

import io.bakery.exporter.format.Manifest;

/**
 * What exporting one client-day did.
 *
 * @param manifest the delivered file's manifest
 * @param destination where it went, without secrets
 * @param uploaded false when a restart found the file already complete at the destination and only recorded it
 */
public record ExportResult(Manifest manifest, String destination, boolean uploaded) {}
