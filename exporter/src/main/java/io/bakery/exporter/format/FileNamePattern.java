package io.bakery.exporter.format;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Renders a profile's file-name pattern. File names are deterministic per client-day, so a rebuilt file has the
 * same name and replaces the earlier one instead of landing next to it.
 */
public final class FileNamePattern {

    private static final DateTimeFormatter COMPACT_DAY = DateTimeFormatter.ofPattern("yyyyMMdd");
    private static final DateTimeFormatter COMPACT_INSTANT =
            DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);

    private FileNamePattern() {}

    /** {@code pattern} with {@code {yyyyMMdd}}, {@code {yyyy-MM-dd}} (the day) and {@code {yyyyMMddHHmmss}} (window end, UTC). */
    public static String render(final String pattern, final ClientDay clientDay) {
        return pattern
                .replace("{yyyyMMdd}", COMPACT_DAY.format(clientDay.day()))
                .replace("{yyyy-MM-dd}", clientDay.day().toString())
                .replace("{yyyyMMddHHmmss}", COMPACT_INSTANT.format(clientDay.windowEnd()));
    }
}
