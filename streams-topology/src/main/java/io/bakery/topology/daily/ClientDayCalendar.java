package io.bakery.topology.daily;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * A client's days in its own time zone: which day an instant falls on, when a day ends, and which days are due
 * to close given a grace period. Days are ISO dates; a day ends at the next day's start of day (so 23- and
 * 25-hour days around daylight-saving changes are handled by the zone rules).
 */
record ClientDayCalendar(ZoneId zone, Duration grace) {

    /** The day {@code instant} falls on in this zone. */
    LocalDate dayOf(final Instant instant) {
        return instant.atZone(zone).toLocalDate();
    }

    /** The first instant after {@code day}. */
    Instant endOf(final LocalDate day) {
        return day.plusDays(1).atStartOfDay(zone).toInstant();
    }

    /** The newest day whose end plus the grace period is at or before {@code now}. */
    LocalDate latestClosable(final Instant now) {
        final LocalDate today = dayOf(now);
        return now.isBefore(endOf(today.minusDays(1)).plus(grace)) ? today.minusDays(2) : today.minusDays(1);
    }
}
