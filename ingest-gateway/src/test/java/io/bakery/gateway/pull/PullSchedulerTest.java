package io.bakery.gateway.pull;

import static org.assertj.core.api.Assertions.assertThat;

import io.bakery.schemas.config.PullSchedule;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** When the scheduler polls next, from a fixed clock: delays in real elapsed time, in the client's zone. */
class PullSchedulerTest {

    private static final ZoneId AMSTERDAM = ZoneId.of("Europe/Amsterdam");
    /** 2024-03-13 12:00 in Amsterdam (CET, UTC+1), a Wednesday. */
    private static final Clock NOON = Clock.fixed(Instant.parse("2024-03-13T11:00:00Z"), ZoneOffset.UTC);

    @Test
    void shouldPollRightAwayWhenScheduleIsAnInterval() {
        assertThat(PullScheduler.firstDelay(PullSchedule.parse("every 15m"), AMSTERDAM, NOON)).isZero();
    }

    @Test
    void shouldPollAgainAfterTheIntervalWhenAPollEnds() {
        assertThat(PullScheduler.nextDelay(PullSchedule.parse("every 15m"), AMSTERDAM, NOON))
                .isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void shouldWaitForTheClientsLocalTimeWhenScheduleIsDaily() {
        // 18:00 in Amsterdam is six hours after the clock's noon there, whatever the machine's zone.
        assertThat(PullScheduler.firstDelay(PullSchedule.parse("daily 18:00"), AMSTERDAM, NOON))
                .isEqualTo(Duration.ofHours(6));
    }

    @Test
    void shouldWaitUntilTomorrowWhenTodaysTimeHasPassed() {
        assertThat(PullScheduler.nextDelay(PullSchedule.parse("daily 06:00"), AMSTERDAM, NOON))
                .isEqualTo(Duration.ofHours(18));
    }

    @Test
    void shouldWaitTwentyThreeHoursWhenTheNightSpringsForward() {
        // Summer time starts in Amsterdam on 2024-03-31 at 02:00: noon to noon is 23 hours of real time.
        final Clock saturdayNoon = Clock.fixed(Instant.parse("2024-03-30T11:00:00Z"), ZoneOffset.UTC);

        assertThat(PullScheduler.nextDelay(PullSchedule.parse("daily 12:00"), AMSTERDAM, saturdayNoon))
                .isEqualTo(Duration.ofHours(23));
    }

    @Test
    void shouldWaitForTheNamedDayWhenScheduleIsWeekly() {
        assertThat(PullScheduler.firstDelay(PullSchedule.parse("weekly fri 12:00"), AMSTERDAM, NOON))
                .isEqualTo(Duration.ofDays(2));
    }

    @Test
    void shouldWaitForNextMonthWhenThisMonthsDayHasPassed() {
        // 2024-03-13 12:00 CET to 2024-04-01 12:00 CEST: 19 days less the hour summer time takes.
        assertThat(PullScheduler.nextDelay(PullSchedule.parse("monthly 1 12:00"), AMSTERDAM, NOON))
                .isEqualTo(Duration.ofDays(19).minusHours(1));
    }
}
