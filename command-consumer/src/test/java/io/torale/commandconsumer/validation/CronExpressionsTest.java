package io.torale.commandconsumer.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.cronutils.model.time.ExecutionTime;
import java.time.DayOfWeek;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.scheduling.support.CronExpression;

/**
 * Cases where a naive cron parser and the Temporal server disagree; the expected verdicts are the
 * Temporal server's (its {@code parseCronString}), which {@code CronExpressionsAgreeWithTemporalIT}
 * checks against the real dev server.
 */
class CronExpressionsTest {

  private static final ZonedDateTime NEW_YEAR =
      ZonedDateTime.of(2026, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);

  @Nested
  class AcceptsWhatTemporalAccepts {

    @ParameterizedTest
    @ValueSource(
        strings = {
          "0 9 * * 7", // Sunday as 7: a 0-6 day-of-week parser refuses it
          "0 9 * * 5-7",
          "0 9 * * SUN-SAT", // a parser numbering the name SUN 7 refuses this range
          "0 9 * * sun,Sat",
          "0 9 1-15 jan,JUL *",
          "5/15 * * * *",
          "1-30/7 9-17 * * MON-FRI",
          "@hourly",
          "@daily",
          "@midnight",
          "@weekly",
          "@monthly",
          "@yearly",
          "@annually"
        })
    void acceptsTemporalSyntax(String cron) {
      assertThat(CronExpressions.problem(cron)).isEmpty();
    }
  }

  @Nested
  class RefusesWhatTemporalRefuses {

    @ParameterizedTest
    @ValueSource(
        strings = {
          "0 9 * * FRI-SUN", // Temporal: SUN is 0, so the range ends before it starts
          "0 9 ? * *", // Quartz and Spring know ? L W; Temporal does not
          "0 9 L * *",
          "0 9 15W * *",
          "@HOURLY", // Temporal's macros are lower case only
          "@reboot",
          "* * * * 8",
          "5-1 * * * *",
          "*/0 * * * *",
          "1,,2 * * * *",
          "61 * * * *"
        })
    void refusesWhatTemporalRejects(String cron) {
      assertThat(CronExpressions.problem(cron)).isPresent();
    }
  }

  @Nested
  class RefusesOnPurpose {

    @ParameterizedTest
    @ValueSource(
        strings = {
          "0 0 9 * * *", // Temporal: minute 0, hour 0, the 9th, any year: not "09:00:00"
          "0 0 9 * * * 2026",
          "@every 5m",
          "CRON_TZ=Europe/Paris 0 9 * * *",
          "0 9 * * monday",
          "0 9 * * 5#3", // the dev server accepts an nth weekday; we do not promise it
          "*/90 * * * *" // Temporal: only minute 0, not every 90 minutes
        })
    void refusesWhatTemporalReadsOtherwiseThanMostPeopleMean(String cron) {
      assertThat(CronExpressions.problem(cron)).isPresent();
    }

    @Test
    void aSecondsFirstParserAcceptsTheSixFieldFormTemporalReadsWithAYear() {
      // Spring's parser (Quartz-like) reads this as every day at 09:00:00.
      assertThat(CronExpression.isValidExpression("0 0 9 * * *")).isTrue();
      assertThat(CronExpression.isValidExpression("0 9 * * *")).isFalse();
      assertThat(CronExpressions.problem("0 0 9 * * *")).get().asString().contains("5 fields");
    }
  }

  @Nested
  class ReadsAsTemporalDoes {

    @Test
    void aStepFromAValueRunsToTheEndOfTheField() {
      assertThat(minutes(next("5/15 * * * *", 4))).containsExactly(5, 20, 35, 50);
    }

    @Test
    void dayOfMonthAndDayOfWeekMustBothMatch() {
      // Vixie cron would run every 13th and every Friday; Temporal runs on Friday the 13th only.
      assertThat(next("0 9 13 * 5", 3))
          .allSatisfy(
              time -> {
                assertThat(time.getDayOfMonth()).isEqualTo(13);
                assertThat(time.getDayOfWeek()).isEqualTo(DayOfWeek.FRIDAY);
              });
    }

    @Test
    void sundayNamedAsAStepStartCountsFromZero() {
      assertThat(next("0 9 * * SUN/2", 4))
          .extracting(ZonedDateTime::getDayOfWeek)
          .containsExactlyInAnyOrder(
              DayOfWeek.SUNDAY, DayOfWeek.TUESDAY, DayOfWeek.THURSDAY, DayOfWeek.SATURDAY);
    }

    @Test
    void hourlyIsMinuteZeroOfEveryHour() {
      assertThat(next("@hourly", 2)).containsExactly(NEW_YEAR.plusHours(1), NEW_YEAR.plusHours(2));
    }
  }

  private static List<ZonedDateTime> next(String cron, int count) {
    ExecutionTime times = ExecutionTime.forCron(CronExpressions.parse(cron));
    List<ZonedDateTime> result = new ArrayList<>();
    ZonedDateTime from = NEW_YEAR;
    for (int i = 0; i < count; i++) {
      from = times.nextExecution(from).orElseThrow();
      result.add(from);
    }
    return result;
  }

  private static List<Integer> minutes(List<ZonedDateTime> times) {
    return times.stream().map(ZonedDateTime::getMinute).toList();
  }
}
