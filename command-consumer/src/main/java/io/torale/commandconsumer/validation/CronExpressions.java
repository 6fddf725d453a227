package io.torale.commandconsumer.validation;

import com.cronutils.model.Cron;
import com.cronutils.model.definition.CronDefinition;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.parser.CronParser;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks a task's cron expression before it reaches Temporal, with cron-utils and a definition that
 * reads expressions as the Temporal server does (its Go parser, {@code parseCronString}; neither
 * the Java SDK nor the server exposes it to us): minute hour day-of-month month day-of-week;
 * ranges, lists and steps, where {@code 5/15} runs from 5 to the field's end; day of week 0-7 with
 * both 0 and 7 Sunday; three-letter month and day names in any case; a restricted day of month
 * <em>and</em> day of week must both match (not either, as in Vixie cron); no {@code ? L W}; and
 * Temporal's macros {@code @hourly @daily @midnight @weekly @monthly @yearly @annually}.
 *
 * <p>Every expression accepted here is accepted by Temporal with the same meaning ({@code
 * CronExpressionsAgreeWithTemporalIT} holds that against the real server). Some that Temporal
 * accepts are refused on purpose: a 6th or 7th field (Temporal reads them as year, and seconds
 * first, where most people mean seconds or nothing), {@code @every} intervals and {@code
 * TZ=}/{@code CRON_TZ=} prefixes (the zone is the schedule's own field), longer name prefixes
 * ({@code monday}, {@code sept}), {@code 5#3} (the dev server takes it as an nth weekday; the
 * parser we read does not) and steps larger than the field ({@code *}{@code /90} minutes, which
 * Temporal reads as "at minute 0").
 */
final class CronExpressions {

  private static final CronParser PARSER = new CronParser(temporalDefinition());

  private static final Set<String> MACROS =
      Set.of("@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly");

  /**
   * Temporal numbers Sunday 0 in names (so {@code SUN-SAT} is 0-6 and {@code FRI-SUN} an empty,
   * refused range); cron-utils numbers the name SUN 7. Names become Temporal's numbers first.
   */
  private static final Map<String, String> DAY_NUMBERS =
      Map.of("SUN", "0", "MON", "1", "TUE", "2", "WED", "3", "THU", "4", "FRI", "5", "SAT", "6");

  private CronExpressions() {}

  /** The problem with {@code cron}, or empty when Temporal will read it as we promise. */
  static Optional<String> problem(String cron) {
    if (cron == null || cron.isBlank()) {
      return Optional.of("is required: a 5-field cron expression, e.g. '0 9 * * *'");
    }
    if (cron.startsWith("TZ=") || cron.startsWith("CRON_TZ=")) {
      return Optional.of("must not name a time zone: give it as schedule.timeZone");
    }
    if (cron.startsWith("@") && !MACROS.contains(cron)) {
      return Optional.of("'%s' is not one of the macros %s".formatted(cron, MACROS));
    }
    int fields = cron.trim().split("\\s+").length;
    if (!cron.startsWith("@") && fields != 5) {
      return Optional.of(
          "must have 5 fields (minute hour day-of-month month day-of-week), got "
              + fields
              + ": '"
              + cron
              + "'");
    }
    try {
      parse(cron);
      return Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.of(
          "is not a valid cron expression ('%s'): %s".formatted(cron, e.getMessage()));
    }
  }

  /** How cron-utils reads an expression: as Temporal does, for those {@link #problem} accepts. */
  static Cron parse(String cron) {
    if (cron.startsWith("@")) {
      return PARSER.parse(cron);
    }
    String[] fields = cron.trim().split("\\s+");
    fields[fields.length - 1] = dayNamesAsNumbers(fields[fields.length - 1]);
    return PARSER.parse(String.join(" ", fields)).validate();
  }

  private static String dayNamesAsNumbers(String dayOfWeek) {
    String upper = dayOfWeek.toUpperCase(Locale.ROOT);
    for (var day : DAY_NUMBERS.entrySet()) {
      upper = upper.replace(day.getKey(), day.getValue());
    }
    return upper;
  }

  private static CronDefinition temporalDefinition() {
    return CronDefinitionBuilder.defineCron()
        .withMinutes()
        .withValidRange(0, 59)
        .withStrictRange()
        .and()
        .withHours()
        .withValidRange(0, 23)
        .withStrictRange()
        .and()
        .withDayOfMonth()
        .withValidRange(1, 31)
        .withStrictRange()
        .and()
        .withMonth()
        .withValidRange(1, 12)
        .withStrictRange()
        .and()
        .withDayOfWeek()
        .withValidRange(0, 7)
        .withMondayDoWValue(1)
        .withIntMapping(7, 0)
        .withStrictRange()
        .and()
        .matchDayOfWeekAndDayOfMonth()
        .withSupportedNicknameYearly()
        .withSupportedNicknameAnnually()
        .withSupportedNicknameMonthly()
        .withSupportedNicknameWeekly()
        .withSupportedNicknameDaily()
        .withSupportedNicknameMidnight()
        .withSupportedNicknameHourly()
        .instance();
  }
}
