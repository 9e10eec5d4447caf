package io.bakery.launcher.world;

import java.util.Locale;

/**
 * How big a generated world is.
 *
 * @param people persons in the identity graph (each with one or two devices, i.e. Bakery ids)
 * @param crmRecords CRM records per client, before duplicates and bad rows are added
 * @param visitors browsers visiting each client's sites during the day (most of them repeat visitors)
 */
public record WorldSize(int people, int crmRecords, int visitors) {

    public WorldSize {
        if (people < 10 || crmRecords < 10 || visitors < 10) {
            throw new IllegalArgumentException("a world needs at least 10 people, CRM records and visitors, was "
                    + people + ", " + crmRecords + ", " + visitors);
        }
    }

    /**
     * {@code small}, {@code medium}, {@code large}, or a number of people (CRM records and visitors per client
     * are half and a third of it).
     */
    public static WorldSize parse(final String text) {
        switch (text.toLowerCase(Locale.ROOT)) {
            case "small":
                return new WorldSize(400, 200, 150);
            case "medium":
                return new WorldSize(3_000, 1_500, 1_000);
            case "large":
                return new WorldSize(30_000, 15_000, 10_000);
            default:
                final int people;
                try {
                    people = Integer.parseInt(text);
                } catch (final NumberFormatException e) {
                    throw new IllegalArgumentException("--size must be small, medium, large or a number of people, was '"
                            + text + "'");
                }
                return new WorldSize(people, Math.max(10, people / 2), Math.max(10, people / 3));
        }
    }
}
