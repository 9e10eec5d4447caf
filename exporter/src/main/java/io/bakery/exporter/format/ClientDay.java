package io.bakery.exporter.format;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Objects;

/**
 * One client's day in its time zone, the unit of export: one file per client-day.
 *
 * @param clientId the client
 * @param day the day in the client's time zone
 * @param zone the client's time zone
 */
public record ClientDay(String clientId, LocalDate day, ZoneId zone) {

    public ClientDay {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(day, "day");
        Objects.requireNonNull(zone, "zone");
    }

    /** The first instant of the day. */
    public Instant windowStart() {
        return day.atStartOfDay(zone).toInstant();
    }

    /** The first instant after the day. */
    public Instant windowEnd() {
        return day.plusDays(1).atStartOfDay(zone).toInstant();
    }

    @Override
    public String toString() {
        return clientId + "/" + day;
    }
}
