package io.bakery.launcher.demo;

import io.bakery.schemas.avro.ClientStats;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;

/** Prints a demo's summary: per client the funnel and the delta file, then where to look next. */
final class DemoReport {

    private final PrintStream out;

    DemoReport(final PrintStream out) {
        this.out = out;
    }

    void print(final List<DemoRunner.ClientOutcome> clients, final String gatewayUrl, final Duration took) {
        out.printf("%nBakery demo finished in %ds%n%n", took.toSeconds());
        out.printf("%-9s %-10s %8s %8s %8s %8s   %s%n", "client", "day", "records", "linked", "matched",
                "cookies", "delta file (rows, sha256)");
        for (final DemoRunner.ClientOutcome c : clients) {
            final ClientStats s = c.stats();
            out.printf("%-9s %-10s %8s %8s %8s %8s   %s%n", c.clientId(), c.day(),
                    s == null ? "-" : s.getRecords(), s == null ? "-" : s.getRecordsLinked(),
                    s == null ? "-" : s.getRecordsMatched(), s == null ? "-" : s.getCookiesMatched(), c.deltaFile());
            out.printf("%-9s %-10s %8s %8s %8s %8s     %d rows, sha256 %s%n", "", "", "", "", "", "", c.rows(),
                    c.sha256());
        }
        out.printf("%nrecords: CRM records stored; linked: records whose identifiers are in the identity graph;%n");
        out.printf("matched: records with at least one matched DMP cookie; cookies: matched DMP cookies.%n");
        // The hint names the dev config's key pattern, never a key: printed output ends up in logs and tickets.
        out.printf("%nDashboard: %s/dashboard (log in with the client's API key; in the dev config dev-<client>-key)%n",
                gatewayUrl);
        out.flush();
    }
}
