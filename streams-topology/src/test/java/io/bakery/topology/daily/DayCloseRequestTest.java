package io.bakery.topology.daily;

import static org.assertj.core.api.Assertions.assertThat;

import io.bakery.schemas.Topics;
import io.bakery.schemas.avro.ClientCookieKey;
import io.bakery.schemas.avro.ClientDayKey;
import io.bakery.schemas.avro.DailyDeltaEntry;
import io.bakery.schemas.avro.DayCloseRequest;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Operator close requests ({@code bakery close-day}) closing a client-day before its grace period ends. */
class DayCloseRequestTest {

    private static final String CLIENT = "acme";
    private static final BakeryConfig CONFIG = new BakeryConfig(null, null, List.of(
            new ClientConfig(CLIENT, Dmp.TEALIUM, List.of("acme-tealium"), "Europe/Amsterdam", null, null, null, null)),
            null);
    /** Noon in Amsterdam on 12 March 2024: the 12th is open, the 11th is already closable. */
    private static final Instant START = Instant.parse("2024-03-12T11:00:00Z");
    private static final Instant AMS_CLOSE_OF_12TH = Instant.parse("2024-03-12T23:15:00Z");
    private static final ClientDayKey DAY_12 = new ClientDayKey(CLIENT, "2024-03-12");

    @TempDir
    Path stateDir;

    private TopologyTestDriver driver;
    private TestInputTopic<ClientCookieKey, Match> matches;
    private TestInputTopic<ClientDayKey, DayCloseRequest> closeRequests;
    private TestOutputTopic<ClientDayKey, DailyDeltaEntry> deltas;
    private Instant wallClock = START;

    @BeforeEach
    void startDriver() {
        final Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "day-close-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(DailyWindowTopology.addTo(new org.apache.kafka.streams.Topology(), CONFIG,
                new DailyWindowSettings(Duration.ofMinutes(15), Duration.ofSeconds(30), 1)), props, START);
        matches = driver.createInputTopic(Topics.MATCHES.name(),
                Topics.MATCHES.keySerde().serializer(), Topics.MATCHES.valueSerde().serializer());
        closeRequests = driver.createInputTopic(Topics.CONTROL_DAY_CLOSE.name(),
                Topics.CONTROL_DAY_CLOSE.keySerde().serializer(), Topics.CONTROL_DAY_CLOSE.valueSerde().serializer());
        deltas = driver.createOutputTopic(Topics.DAILY_DELTAS.name(),
                Topics.DAILY_DELTAS.keySerde().deserializer(), Topics.DAILY_DELTAS.valueSerde().deserializer());
        advanceTo(START.plusSeconds(30));
        deltas.readRecordsToList(); // the 11th, closed at start
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    @Test
    void shouldEmitRowsThenEndMarkerWhenCloseRequestedBeforeGraceEnds() {
        seen("cookie-a", "rec-1", "2024-03-12T09:00:00Z");
        advanceTo(Instant.parse("2024-03-12T13:00:00Z"));

        requestClose(CLIENT, "2024-03-12");

        final List<TestRecord<ClientDayKey, DailyDeltaEntry>> out = output();
        assertThat(out).extracting(TestRecord::key).containsOnly(DAY_12);
        assertThat(entries(out)).containsExactly(new DeltaRow("cookie-a", List.of("rec-1")), new EndMarker("0_0", 1, 1L));
    }

    @Test
    void shouldNotEmitDayAgainWhenItsWallClockCloseComesAfterRequest() {
        seen("cookie-a", "rec-1", "2024-03-12T09:00:00Z");
        requestClose(CLIENT, "2024-03-12");
        deltas.readRecordsToList();

        advanceTo(AMS_CLOSE_OF_12TH);

        assertThat(output()).extracting(TestRecord::key).doesNotContain(DAY_12);
    }

    @Test
    void shouldCountLaterSightingForNextDayWhenDayWasClosedOnRequest() {
        requestClose(CLIENT, "2024-03-12");
        deltas.readRecordsToList();
        seen("cookie-b", "rec-2", "2024-03-12T15:00:00Z");

        advanceTo(Instant.parse("2024-03-13T23:15:00Z"));

        final List<TestRecord<ClientDayKey, DailyDeltaEntry>> out = output();
        assertThat(out).extracting(TestRecord::key).containsOnly(new ClientDayKey(CLIENT, "2024-03-13"));
        assertThat(out.get(0).value().getEntry()).isEqualTo(new DeltaRow("cookie-b", List.of("rec-2")));
    }

    @Test
    void shouldIgnoreRequestWhenDayHasNotStartedInClientsZone() {
        seen("cookie-a", "rec-1", "2024-03-12T09:00:00Z");

        requestClose(CLIENT, "2024-03-13");

        assertThat(output()).isEmpty();
    }

    @Test
    void shouldIgnoreRequestWhenClientIsNotConfigured() {
        requestClose("unknown-client", "2024-03-12");

        assertThat(output()).isEmpty();
    }

    @Test
    void shouldSkipRequestWhenDayIsAlreadyClosed() {
        advanceTo(AMS_CLOSE_OF_12TH);
        deltas.readRecordsToList();

        requestClose(CLIENT, "2024-03-12");

        assertThat(output()).isEmpty();
    }

    private void seen(final String cookie, final String record, final String at) {
        final Match match = new Match(MatchKind.SEEN, CLIENT, cookie, record, "bakery-1", Instant.parse(at),
                Instant.parse(at));
        matches.pipeInput(new ClientCookieKey(CLIENT, cookie), match);
    }

    private void requestClose(final String client, final String day) {
        closeRequests.pipeInput(new ClientDayKey(client, day),
                new DayCloseRequest("req-1", client, day, "operator", wallClock));
    }

    private void advanceTo(final Instant now) {
        driver.advanceWallClockTime(Duration.between(wallClock, now));
        wallClock = now;
    }

    private List<TestRecord<ClientDayKey, DailyDeltaEntry>> output() {
        return deltas.readRecordsToList();
    }

    private static List<Object> entries(final List<TestRecord<ClientDayKey, DailyDeltaEntry>> out) {
        final List<Object> entries = new ArrayList<>();
        out.forEach(r -> entries.add(r.value().getEntry()));
        return entries;
    }
}
