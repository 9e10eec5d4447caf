package io.bakery.testsupport.scan;

import java.util.ArrayList;
import java.util.List;

/**
 * What a scan of one kind of place covered and found.
 *
 * @param place what was scanned, e.g. "topics"
 * @param items how many units were read (records, store entries, files, log files)
 * @param bytes how many bytes were searched
 * @param findingCount every match found
 * @param findings the first matches, for the failure message ({@value Builder#KEPT} at most)
 */
public record ScanReport(String place, long items, long bytes, long findingCount, List<Finding> findings) {

    /** One needle found somewhere. The needle itself is a test value, fine to print in a test's failure. */
    public record Finding(String needle, String where) {}

    /** One line for the test's output: how much was scanned for how many needles, and what was found. */
    public String summary(final int needles) {
        return "%s: %d needles x %d bytes (%d items), %d found".formatted(place, needles, bytes, items, findingCount);
    }

    /** Collects a report while a scan runs. */
    public static final class Builder {
        static final int KEPT = 20;

        private final String place;
        private long items;
        private long bytes;
        private long findingCount;
        private final List<Finding> findings = new ArrayList<>();

        public Builder(final String place) {
            this.place = place;
        }

        public void addItem() {
            items++;
        }

        void addBytes(final long count) {
            bytes += count;
        }

        void addFinding(final String needle, final String where) {
            findingCount++;
            if (findings.size() < KEPT) {
                findings.add(new Finding(needle, where));
            }
        }

        public ScanReport build() {
            return new ScanReport(place, items, bytes, findingCount, List.copyOf(findings));
        }
    }
}
