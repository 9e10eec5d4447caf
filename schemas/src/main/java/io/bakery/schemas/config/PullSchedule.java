package io.bakery.schemas.config;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;
import java.util.Objects;

/**
 * When a client's storage is polled, written in the configuration as one short phrase: {@code every 10m}
 * (also {@code s}, {@code h}), {@code daily 02:00}, {@code weekly mon 02:00} or {@code monthly 1 02:00} (day 1-28,
 * so every month has it). Times are in the client's time zone.
 *
 * @param kind interval or a calendar rhythm
 * @param interval for {@link Kind#INTERVAL}: the time between the end of one poll and the start of the next
 * @param time for calendar rhythms: the local time of day
 * @param dayOfWeek for {@link Kind#WEEKLY}: the day
 * @param dayOfMonth for {@link Kind#MONTHLY}: the day, 1-28
 */
public record PullSchedule(Kind kind, Duration interval, LocalTime time, DayOfWeek dayOfWeek, int dayOfMonth) {

    /** The default: every ten minutes. */
    public static final PullSchedule DEFAULT = new PullSchedule(Kind.INTERVAL, Duration.ofMinutes(10), null, null, 0);

    /** The rhythms a schedule can have. */
    public enum Kind { INTERVAL, DAILY, WEEKLY, MONTHLY }

    public PullSchedule {
        Objects.requireNonNull(kind, "kind");
    }

    /**
     * Parses a schedule phrase.
     *
     * @throws IllegalArgumentException with the accepted forms when the phrase is not one of them
     */
    public static PullSchedule parse(final String phrase) {
        if (phrase == null || phrase.isBlank()) {
            return DEFAULT;
        }
        final String[] words = phrase.strip().toLowerCase(Locale.ROOT).split("\\s+");
        try {
            switch (words[0]) {
                case "every" -> {
                    if (words.length == 2) {
                        return new PullSchedule(Kind.INTERVAL, interval(words[1]), null, null, 0);
                    }
                }
                case "daily" -> {
                    if (words.length == 2) {
                        return new PullSchedule(Kind.DAILY, null, LocalTime.parse(words[1]), null, 0);
                    }
                }
                case "weekly" -> {
                    if (words.length == 3) {
                        return new PullSchedule(Kind.WEEKLY, null, LocalTime.parse(words[2]), day(words[1]), 0);
                    }
                }
                case "monthly" -> {
                    if (words.length == 3) {
                        final int day = Integer.parseInt(words[1]);
                        if (day >= 1 && day <= 28) {
                            return new PullSchedule(Kind.MONTHLY, null, LocalTime.parse(words[2]), null, day);
                        }
                    }
                }
                default -> {
                    // falls through to the error below
                }
            }
        } catch (final DateTimeParseException | NumberFormatException e) {
            // falls through to the error below
        }
        throw new IllegalArgumentException("must be 'every <n>s|m|h', 'daily HH:MM', 'weekly <mon..sun> HH:MM' or "
                + "'monthly <1-28> HH:MM', was '" + phrase + "'");
    }

    private static Duration interval(final String text) {
        final long amount = Long.parseLong(text.substring(0, text.length() - 1));
        final Duration duration = switch (text.charAt(text.length() - 1)) {
            case 's' -> Duration.ofSeconds(amount);
            case 'm' -> Duration.ofMinutes(amount);
            case 'h' -> Duration.ofHours(amount);
            default -> throw new NumberFormatException("unit");
        };
        if (duration.isNegative() || duration.isZero()) {
            throw new NumberFormatException("not positive");
        }
        return duration;
    }

    private static DayOfWeek day(final String text) {
        for (final DayOfWeek day : DayOfWeek.values()) {
            if (day.name().toLowerCase(Locale.ROOT).startsWith(text) && text.length() >= 3) {
                return day;
            }
        }
        throw new NumberFormatException("day");
    }

    /**
     * The first run strictly after {@code last} (a calendar rhythm), or {@code last} plus the interval, in the
     * zone of {@code last}.
     */
    public ZonedDateTime nextAfter(final ZonedDateTime last) {
        return switch (kind) {
            case INTERVAL -> last.plus(interval);
            case DAILY -> {
                final ZonedDateTime today = last.with(time).truncatedTo(ChronoUnit.MINUTES);
                yield today.isAfter(last) ? today : today.plusDays(1).with(time);
            }
            case WEEKLY -> {
                final ZonedDateTime candidate = last.with(TemporalAdjusters.nextOrSame(dayOfWeek)).with(time)
                        .truncatedTo(ChronoUnit.MINUTES);
                yield candidate.isAfter(last) ? candidate
                        : candidate.with(TemporalAdjusters.next(dayOfWeek)).with(time);
            }
            case MONTHLY -> {
                final ZonedDateTime candidate = last.withDayOfMonth(dayOfMonth).with(time)
                        .truncatedTo(ChronoUnit.MINUTES);
                yield candidate.isAfter(last) ? candidate : candidate.plusMonths(1).withDayOfMonth(dayOfMonth)
                        .with(time);
            }
        };
    }
}
