package io.bakery.schemas.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

class PullScheduleTest {

    private static final ZoneId AMSTERDAM = ZoneId.of("Europe/Amsterdam");
    /** A Wednesday. */
    private static final ZonedDateTime NOON = ZonedDateTime.of(2024, 3, 13, 12, 0, 0, 0, AMSTERDAM);

    @Test
    void shouldRunAgainAfterTheIntervalWhenScheduleIsEvery() {
        assertThat(PullSchedule.parse("every 15m").nextAfter(NOON)).isEqualTo(NOON.plus(Duration.ofMinutes(15)));
    }

    @Test
    void shouldRunTomorrowWhenTodaysTimeHasPassed() {
        assertThat(PullSchedule.parse("daily 02:30").nextAfter(NOON))
                .isEqualTo(ZonedDateTime.of(2024, 3, 14, 2, 30, 0, 0, AMSTERDAM));
    }

    @Test
    void shouldRunTodayWhenTodaysTimeIsAhead() {
        assertThat(PullSchedule.parse("daily 18:00").nextAfter(NOON))
                .isEqualTo(ZonedDateTime.of(2024, 3, 13, 18, 0, 0, 0, AMSTERDAM));
    }

    @Test
    void shouldRunOnTheNamedDayWhenScheduleIsWeekly() {
        assertThat(PullSchedule.parse("weekly mon 06:00").nextAfter(NOON))
                .isEqualTo(ZonedDateTime.of(2024, 3, 18, 6, 0, 0, 0, AMSTERDAM));
    }

    @Test
    void shouldRunNextWeekWhenTodayIsTheDayButTheTimeHasPassed() {
        assertThat(PullSchedule.parse("weekly wednesday 06:00").nextAfter(NOON))
                .isEqualTo(ZonedDateTime.of(2024, 3, 20, 6, 0, 0, 0, AMSTERDAM));
    }

    @Test
    void shouldRunNextMonthWhenThisMonthsDayHasPassed() {
        assertThat(PullSchedule.parse("monthly 1 03:00").nextAfter(NOON))
                .isEqualTo(ZonedDateTime.of(2024, 4, 1, 3, 0, 0, 0, AMSTERDAM));
    }

    @Test
    void shouldDefaultToEveryTenMinutesWhenScheduleIsAbsent() {
        assertThat(PullSchedule.parse(null)).isEqualTo(PullSchedule.DEFAULT);
        assertThat(PullSchedule.DEFAULT.interval()).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void shouldListTheAcceptedFormsWhenPhraseIsUnknown() {
        assertThatThrownBy(() -> PullSchedule.parse("monthly 31 03:00"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'monthly <1-28> HH:MM'");
    }
}
