package io.torale.commandconsumer.validation;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Checks 5-field cron expressions (minute hour day-of-month month day-of-week) before they reach
 * Temporal, which would read a 6th field as the year and accepts macros we do not promise.
 */
final class CronExpressions {

  private record Field(String name, int min, int max, List<String> names) {}

  private static final List<String> MONTHS =
      List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC");
  private static final List<String> DAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");

  private static final List<Field> FIELDS =
      List.of(
          new Field("minute", 0, 59, List.of()),
          new Field("hour", 0, 23, List.of()),
          new Field("day-of-month", 1, 31, List.of()),
          new Field("month", 1, 12, MONTHS),
          new Field("day-of-week", 0, 6, DAYS));

  private CronExpressions() {}

  /** The problem with {@code cron}, or empty when it is a valid 5-field expression. */
  static Optional<String> problem(String cron) {
    if (cron == null || cron.isBlank()) {
      return Optional.of("is required: a 5-field cron expression, e.g. '0 9 * * *'");
    }
    String[] parts = cron.trim().split("\\s+");
    if (parts.length != 5) {
      return Optional.of(
          "must have 5 fields (minute hour day-of-month month day-of-week), got "
              + parts.length
              + ": '"
              + cron
              + "'");
    }
    for (int i = 0; i < 5; i++) {
      Field field = FIELDS.get(i);
      if (!validField(parts[i], field)) {
        return Optional.of(
            "has an invalid %s field '%s' (allowed %d-%d)"
                .formatted(field.name(), parts[i], field.min(), field.max()));
      }
    }
    return Optional.empty();
  }

  private static boolean validField(String text, Field field) {
    for (String item : text.split(",", -1)) {
      if (!validItem(item, field)) {
        return false;
      }
    }
    return true;
  }

  private static boolean validItem(String item, Field field) {
    String range = item;
    int slash = item.indexOf('/');
    if (slash >= 0) {
      range = item.substring(0, slash);
      Integer step = number(item.substring(slash + 1), List.of());
      if (step == null || step < 1) {
        return false;
      }
    }
    if (range.equals("*")) {
      return true;
    }
    int dash = range.indexOf('-');
    Integer from = number(dash >= 0 ? range.substring(0, dash) : range, field.names());
    Integer to = dash >= 0 ? number(range.substring(dash + 1), field.names()) : from;
    return from != null && to != null && from >= field.min() && to <= field.max() && from <= to;
  }

  private static Integer number(String text, List<String> names) {
    if (text.isEmpty()) {
      return null;
    }
    int index = names.indexOf(text.toUpperCase(Locale.ROOT));
    if (index >= 0) {
      // Month names count from 1, day names from 0 (SUN).
      return names.size() == 12 ? index + 1 : index;
    }
    if (!text.chars().allMatch(Character::isDigit) || text.length() > 4) {
      return null;
    }
    return Integer.parseInt(text);
  }
}
