package io.bakery.exporter;

import io.bakery.exporter.assembly.DaySpill;
import io.bakery.exporter.delivery.Destination;
import io.bakery.exporter.delivery.Destinations;
import io.bakery.exporter.format.ClientDay;
import io.bakery.exporter.format.ExportFormat;
import io.bakery.exporter.format.Manifest;
import io.bakery.exporter.format.StagingWriter;
import io.bakery.exporter.ledger.AuditTrail;
import io.bakery.exporter.ledger.DeliveryLedger;
import io.bakery.exporter.profile.PartnerProfiles;
import io.bakery.schemas.avro.AuditEvent;
import io.bakery.schemas.avro.ClientDayKey;
import io.bakery.schemas.avro.DeliveryState;
import io.bakery.schemas.avro.ExportDelivery;
import io.bakery.schemas.config.ClientConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * Exports one complete client-day: writes the file in the client's partner format to a local staging folder with
 * its manifest, publishes it to the client's destination (with retries), then records it as delivered in the
 * ledger and the audit trail. The ledger gets a PUBLISHING entry before the publish, so a restart after a crash
 * between publish and ledger finds the identical file already at the destination and only records it.
 */
public final class DayExport implements AutoCloseable {

    private final ExporterSettings settings;
    private final DeliveryLedger ledger;
    private final AuditTrail audit;
    private final ExporterMetrics metrics;
    private final ExportProbe probe;
    private final Map<String, Destination> destinations = new HashMap<>();

    public DayExport(final ExporterSettings settings, final DeliveryLedger ledger, final AuditTrail audit,
            final ExporterMetrics metrics, final ExportProbe probe) {
        this.settings = settings;
        this.ledger = ledger;
        this.audit = audit;
        this.metrics = metrics;
        this.probe = probe;
    }

    /**
     * Exports {@code rows} (in their order) as {@code client}'s file for {@code day}. With {@code force} the file is uploaded even
     * if the ledger or the destination say it is there already ({@code bakery export}).
     */
    public ExportResult export(final ClientConfig client, final ClientDay day, final DaySpill rows,
            final boolean force) throws IOException {
        final ClientDayKey key = new ClientDayKey(client.id(), day.day().toString());
        final ExportFormat format = ExportFormat.of(PartnerProfiles.of(client.dmp()), client.export());
        final String fileName = format.fileName(day);
        final Path staging = settings.outputDir().resolve("staging").resolve(client.id())
                .resolve(day.day().toString()).resolve(fileName.substring(fileName.lastIndexOf('/') + 1));
        final Manifest manifest;
        try (DaySpill.Reader reader = rows.read()) {
            manifest = new StagingWriter(format).write(day, reader, rows.rows(), fileName, staging);
        } catch (final UncheckedIOException e) {
            throw e.getCause();
        }
        writeManifest(manifest);
        probe.afterWrite(key);

        final Destination destination = destination(client);
        final boolean alreadyThere = !force && ledger.get(key)
                .filter(prior -> prior.getState() == DeliveryState.PUBLISHING)
                .filter(prior -> prior.getSha256().equals(manifest.sha256()))
                .isPresent()
                && destination.sizeOf(fileName).equals(OptionalLong.of(manifest.bytes()));
        if (!alreadyThere) {
            ledger.record(entry(manifest, DeliveryState.PUBLISHING, destination));
            try {
                settings.retry().call(() -> {
                    destination.publish(staging, fileName);
                    return null;
                });
            } catch (final IOException e) {
                metrics.deliveryFailed(client.id());
                audit.publish(auditEvent(AuditTrail.ACTION_FAILED, manifest, destination,
                        Map.of("reason", String.valueOf(e.getMessage()))));
                throw e;
            }
        }
        probe.afterPublish(key);

        ledger.record(entry(manifest, DeliveryState.DELIVERED, destination));
        audit.publish(auditEvent(AuditTrail.ACTION_EXPORT, manifest, destination,
                Map.of("destination", destination.describe(), "spec", manifest.spec())));
        metrics.delivered(client.id());
        Files.deleteIfExists(staging);
        return new ExportResult(manifest, destination.describe(), !alreadyThere);
    }

    /** Raises the incomplete-day alarm: metric and audit event; nothing is published. */
    public void alarmIncomplete(final ClientDayKey key, final String reason) {
        metrics.incomplete(key.getClientId());
        audit.publish(AuditEvent.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setClientId(key.getClientId())
                .setAction(AuditTrail.ACTION_INCOMPLETE)
                .setReference(key.getClientId() + "/" + key.getDay())
                .setOccurredAt(Instant.now())
                .setDetails(Map.of("reason", reason))
                .build());
    }

    /** The path of the manifest of a client-day under the output folder. */
    public static Path manifestPath(final Path outputDir, final String clientId, final String day) {
        return outputDir.resolve("manifests").resolve(clientId).resolve(day + ".json");
    }

    @Override
    public void close() throws IOException {
        for (final Destination destination : destinations.values()) {
            destination.close();
        }
        destinations.clear();
    }

    private Destination destination(final ClientConfig client) {
        return destinations.computeIfAbsent(client.id(), id -> Destinations.open(client, settings.outputDir()));
    }

    private void writeManifest(final Manifest manifest) throws IOException {
        final Path path = manifestPath(settings.outputDir(), manifest.clientId(), manifest.day());
        Files.createDirectories(path.getParent());
        final Path temporary = path.resolveSibling("." + path.getFileName() + ".part");
        Files.writeString(temporary, manifest.toJson(), StandardCharsets.UTF_8);
        Files.move(temporary, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static ExportDelivery entry(final Manifest manifest, final DeliveryState state,
            final Destination destination) {
        return new ExportDelivery(manifest.clientId(), manifest.day(), state, manifest.fileName(),
                "manifests/" + manifest.clientId() + "/" + manifest.day() + ".json", manifest.sha256(),
                manifest.rows(), destination.describe(), Instant.now());
    }

    private static AuditEvent auditEvent(final String action, final Manifest manifest, final Destination destination,
            final Map<String, String> details) {
        return AuditEvent.newBuilder()
                .setEventId(UUID.randomUUID().toString())
                .setClientId(manifest.clientId())
                .setAction(action)
                .setReference(manifest.fileName())
                .setOccurredAt(Instant.now())
                .setCounts(Map.of("rows", manifest.rows(), "cookies", manifest.cookies(), "bytes", manifest.bytes()))
                .setSha256(manifest.sha256())
                .setDetails(details)
                .build();
    }
}
