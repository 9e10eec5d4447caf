package io.bakery.topology.daily;

import static org.assertj.core.api.Assertions.assertThat;

import io.bakery.schemas.Topics;
import io.bakery.schemas.avro.ClientCookieKey;
import io.bakery.schemas.avro.ClientDayKey;
import io.bakery.schemas.avro.DailyDeltaEntry;
import io.bakery.schemas.avro.DeltaRow;
import io.bakery.schemas.avro.EndMarker;
import io.bakery.schemas.avro.Match;
import io.bakery.schemas.avro.MatchKind;
import io.bakery.schemas.config.BakeryConfig;
import io.bakery.schemas.config.ClientConfig;
import io.bakery.schemas.config.Dmp;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DailyWindowTopologyTest {

    /** Amsterdam is UTC+1 in March before the 31st; New York is UTC-4 after March 10th 2024. */
    private static final String AMS = "acme";
    private static final String NYC = "globex";
    private static final BakeryConfig CONFIG = new BakeryConfig(null, null, List.of(
            new ClientConfig(AMS, Dmp.TEALIUM, List.of("acme-tealium"), "Europe/Amsterdam", null, null, null, null),
            new ClientConfig(NYC, Dmp.PIANO, List.of("globex-piano"), "America/New_York", null, null, null, null)),
            null);
    /** Driver starts at noon (Amsterdam) on 12 March 2024; the 12th is the open day. */
    private static final Instant START = Instant.parse("2024-03-12T11:00:00Z");
    private static final Instant AMS_CLOSE_OF_12TH = Instant.parse("2024-03-12T23:15:00Z");

    @TempDir
    Path stateDir;

    private TopologyTestDriver driver;
    private TestInputTopic<ClientCookieKey, Match> matches;
    private TestOutputTopic<ClientDayKey, DailyDeltaEntry> deltas;

    private void startDriver() {
        final Topology topology = DailyWindowTopology.addTo(new Topology(), CONFIG,
                new DailyWindowSettings(Duration.ofMinutes(15), Duration.ofSeconds(30), 1));
        final Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "daily-window-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(topology, props, START);
        matches = driver.createInputTopic(Topics.MATCHES.name(),
                Topics.MATCHES.keySerde().serializer(), Topics.MATCHES.valueSerde().serializer());
        deltas = driver.createOutputTopic(Topics.DAILY_DELTAS.name(),
                Topics.DAILY_DELTAS.keySerde().deserializer(), Topics.DAILY_DELTAS.valueSerde().deserializer());
        // The app's first close check runs soon after start; from then on the task knows which day is open.
        advanceTo(START.plusSeconds(30));
    }

    @AfterEach
    void closeDriver() {
        if (driver != null) {
            driver.close();
        }
    }

    @Test
    void shouldEmitCookieWhenSeenAndMatchedThatDay() {
        startDriver();
        send(seen(AMS, "cookie-a", "rec-1", "2024-03-12T09:00:00Z"));

        advanceTo(AMS_CLOSE_OF_12TH);

        assertThat(rows(AMS, "2024-03-12")).containsExactly(Map.entry("cookie-a", List.of("rec-1")));
    }

    @Test
    void shouldLeaveCookieOutWhenMatchedButNotSeenThatDay() {
        startDriver();
        // The record matched today, but the cookie's last sync hit was last week.
        send(added(AMS, "cookie-a", "rec-1", "2024-03-12T09:00:00Z", "2024-03-05T10:00:00Z"));

        advanceTo(AMS_CLOSE_OF_12TH);

        assertThat(rows(AMS, "2024-03-12")).isEmpty();
    }

    @Test
    void shouldLeaveCookieOutWhenSeenButUnmatchedAtClose() {
        startDriver();
        // Seen at 09:00, its record matched at 10:00, then the CRM record was deleted at 14:00.
        send(added(AMS, "cookie-a", "rec-1", "2024-03-12T10:00:00Z", "2024-03-12T09:00:00Z"));
        send(removed(AMS, "cookie-a", "rec-1", "2024-03-12T14:00:00Z"));

        advanceTo(AMS_CLOSE_OF_12TH);

        assertThat(rows(AMS, "2024-03-12")).isEmpty();
    }

    @Test
    void shouldLeaveCookieOutWhenErasedBeforeClose() {
        startDriver();
        send(seen(AMS, "cookie-a", "rec-1", "2024-03-12T09:00:00Z"));
        // Erased five minutes after midnight, inside the grace period: the close must not export it.
        advanceTo(Instant.parse("2024-03-12T23:05:00Z"));
        send(removed(AMS, "cookie-a", "rec-1", "2024-03-12T23:05:00Z"));

        advanceTo(AMS_CLOSE_OF_12TH);

        assertThat(rows(AMS, "2024-03-12")).isEmpty();
    }

    @Test
    void shouldEmitCookieOnceWhenSeenTwice() {
        startDriver();
        send(seen(AMS, "cookie-a", "rec-1", "2024-03-12T09:00:00Z"));
        send(seen(AMS, "cookie-a", "rec-1", "2024-03-12T18:00:00Z"));

        advanceTo(AMS_CLOSE_OF_12TH);

        assertThat(rows(AMS, "2024-03-12")).containsExactly(Map.entry("cookie-a", List.of("rec-1")));
    }

    @Test
    void shouldWriteTheDaysRowOnceWhenACookieIsSeenTwiceTheSameDay() {
        startDriver();
        send(seen(AMS, "cookie-a", "rec-1", "2024-03-12T09:00:00Z"));
        final TestOutputTopic<byte[], byte[]> rowsChangelog = driver.createOutputTopic(
                "daily-window-test-" + DailyWindowTopology.ROWS_STORE + "-changelog",
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        rowsChangelog.readRecordsToList();

        send(seen(AMS, "cookie-a", "rec-1", "2024-03-12T18:00:00Z"));

        // The row already holds rec-1 for the 12th: writing it again would only add a changelog record.
        assertThat(rowsChangelog.readRecordsToList()).isEmpty();
    }

    @Test
    void shouldCarryEveryRecordMatchedAtCloseWhenRecordIsAddedAfterSighting() {
        startDriver();
        send(seen(AMS, "cookie-a", "rec-1", "2024-03-12T09:00:00Z"));
        send(added(AMS, "cookie-a", "rec-2", "2024-03-12T15:00:00Z", "2024-03-12T09:00:00Z"));

        advanceTo(AMS_CLOSE_OF_12TH);

        assertThat(rows(AMS, "2024-03-12")).containsExactly(Map.entry("cookie-a", List.of("rec-1", "rec-2")));
    }

    @Test
    void shouldCountEventForNextDayWhenItArrivesAfterGrace() {
        startDriver();
        advanceTo(AMS_CLOSE_OF_12TH);
        // A sync hit of 23:30 Amsterdam time on the 12th, processed after the 12th closed.
        send(seen(AMS, "cookie-late", "rec-1", "2024-03-12T22:30:00Z"));

        advanceTo(Instant.parse("2024-03-13T23:15:00Z"));

        assertThat(rows(AMS, "2024-03-12")).isEmpty();
        assertThat(rows(AMS, "2024-03-13")).containsExactly(Map.entry("cookie-late", List.of("rec-1")));
    }

    @Test
    void shouldCountEventForItsOwnDayWhenItArrivesWithinGrace() {
        startDriver();
        advanceTo(Instant.parse("2024-03-12T23:10:00Z"));
        send(seen(AMS, "cookie-a", "rec-1", "2024-03-12T22:50:00Z"));

        advanceTo(AMS_CLOSE_OF_12TH);

        assertThat(rows(AMS, "2024-03-12")).containsExactly(Map.entry("cookie-a", List.of("rec-1")));
    }

    @Test
    void shouldSplitDaysInEachClientsTimeZone() {
        startDriver();
        // 01:30 on the 13th in Amsterdam, 20:30 on the 12th in New York.
        send(seen(AMS, "cookie-a", "rec-1", "2024-03-13T00:30:00Z"));
        send(seen(NYC, "cookie-n", "rec-9", "2024-03-13T00:30:00Z"));

        // New York's 12th closes at 04:15 UTC on the 13th; Amsterdam's 13th only at 23:15 UTC that day.
        advanceTo(Instant.parse("2024-03-13T04:15:00Z"));
        assertThat(rows(NYC, "2024-03-12")).containsExactly(Map.entry("cookie-n", List.of("rec-9")));
        assertThat(rows(AMS, "2024-03-12")).isEmpty();

        advanceTo(Instant.parse("2024-03-13T23:15:00Z"));
        assertThat(rows(AMS, "2024-03-13")).containsExactly(Map.entry("cookie-a", List.of("rec-1")));
    }

    @Test
    void shouldEmitEndMarkerAfterRowsWithRowCountAndTaskCount() {
        startDriver();
        send(seen(AMS, "cookie-a", "rec-1", "2024-03-12T09:00:00Z"));
        send(seen(AMS, "cookie-b", "rec-2", "2024-03-12T09:00:00Z"));

        advanceTo(AMS_CLOSE_OF_12TH);

        final List<DailyDeltaEntry> day = entries(AMS, "2024-03-12");
        assertThat(day).hasSize(3);
        assertThat(day.get(2).getEntry()).isEqualTo(new EndMarker("0_0", 1, 2L));
    }

    @Test
    void shouldEmitEndMarkerWhenDayHasNoRows() {
        startDriver();
        advanceTo(AMS_CLOSE_OF_12TH);

        assertThat(entries(AMS, "2024-03-12")).extracting(DailyDeltaEntry::getEntry)
                .containsExactly(new EndMarker("0_0", 1, 0L));
    }

    @Test
    void shouldNotEmitClosedDayAgainWhenNextDayCloses() {
        startDriver();
        send(seen(AMS, "cookie-a", "rec-1", "2024-03-12T09:00:00Z"));
        advanceTo(AMS_CLOSE_OF_12TH);
        final long firstClose = entries(AMS, "2024-03-12").size();

        advanceTo(Instant.parse("2024-03-13T23:15:00Z"));

        assertThat(firstClose).isEqualTo(2);
        assertThat(entries(AMS, "2024-03-12")).isEmpty();
        assertThat(entries(AMS, "2024-03-13")).extracting(DailyDeltaEntry::getEntry)
                .containsExactly(new EndMarker("0_0", 1, 0L));
    }

    // --- helpers -----------------------------------------------------------------------------------------------

    private List<TestRecord<ClientDayKey, DailyDeltaEntry>> output;

    private void send(final Match match) {
        matches.pipeInput(new ClientCookieKey(match.getClientId(), match.getDmpCookieId()), match);
    }

    private Instant wallClock = START;

    private void advanceTo(final Instant now) {
        driver.advanceWallClockTime(Duration.between(wallClock, now));
        wallClock = now;
    }

    /** Every entry emitted so far for one client-day (each call drains the topic into a buffer first). */
    private List<DailyDeltaEntry> entries(final String client, final String day) {
        if (output == null) {
            output = new java.util.ArrayList<>();
        }
        output.addAll(deltas.readRecordsToList());
        final List<DailyDeltaEntry> found = output.stream()
                .filter(r -> r.key().equals(new ClientDayKey(client, day)))
                .map(TestRecord::value)
                .collect(Collectors.toList());
        output.removeIf(r -> r.key().equals(new ClientDayKey(client, day)));
        return found;
    }

    private List<Map.Entry<String, List<String>>> rows(final String client, final String day) {
        return entries(client, day).stream()
                .filter(e -> e.getEntry() instanceof DeltaRow)
                .map(e -> (DeltaRow) e.getEntry())
                .map(r -> Map.entry(r.getDmpCookieId(), List.copyOf(r.getRecordIds())))
                .collect(Collectors.toList());
    }

    private static Match seen(final String client, final String cookie, final String record, final String at) {
        return new Match(MatchKind.SEEN, client, cookie, record, "bakery-1", Instant.parse(at), Instant.parse(at));
    }

    private static Match added(final String client, final String cookie, final String record, final String at,
            final String lastSeen) {
        return new Match(MatchKind.ADDED, client, cookie, record, "bakery-1", Instant.parse(at),
                Instant.parse(lastSeen));
    }

    private static Match removed(final String client, final String cookie, final String record, final String at) {
        return new Match(MatchKind.REMOVED, client, cookie, record, "bakery-1", Instant.parse(at),
                Instant.parse(at));
    }
}
