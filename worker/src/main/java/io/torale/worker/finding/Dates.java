package io.torale.worker.finding;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Dates as models write them, to ISO: {@code 2026-09-09} for a day, {@code 2026-09} for a month.
 * The text is tidied first (weekdays, ordinals, "of", commas and dots dropped, "sept" shortened)
 * and then tried against a short list of English patterns; numeric slashes are read month first.
 */
final class Dates {

  private static final List<DateTimeFormatter> DAYS =
      formatters(
          "MMMM d yyyy",
          "MMM d yyyy",
          "d MMMM yyyy",
          "d MMM yyyy",
          "yyyy-M-d",
          "yyyy/M/d",
          "M/d/yyyy",
          "yyyy MMMM d",
          "yyyy MMM d");
  private static final List<DateTimeFormatter> MONTHS =
      formatters("MMMM yyyy", "MMM yyyy", "yyyy-M", "M/yyyy");

  private Dates() {}

  static Optional<String> canonical(String text) {
    try {
      return Optional.of(
          OffsetDateTime.parse(text.toUpperCase(Locale.ROOT)).toLocalDate().toString());
    } catch (DateTimeParseException notADateTime) {
      // try the shapes below
    }
    String t =
        text.toLowerCase(Locale.ROOT)
            .replaceAll("t\\d{2}:\\d{2}.*$", "")
            .replaceAll(
                "\\b(monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tue|wed|thu|fri|sat|sun)\\b",
                " ")
            .replaceAll("\\b(\\d{1,2})(st|nd|rd|th)\\b", "$1")
            .replaceAll("\\bof\\b", " ")
            .replaceAll("\\bsept\\b", "sep")
            .replaceAll("[,.]", " ")
            .replaceAll("\\s+", " ")
            .strip();
    for (DateTimeFormatter day : DAYS) {
      try {
        return Optional.of(LocalDate.parse(t, day).toString());
      } catch (DateTimeParseException next) {
        // try the next shape
      }
    }
    for (DateTimeFormatter month : MONTHS) {
      try {
        return Optional.of(YearMonth.parse(t, month).toString());
      } catch (DateTimeParseException next) {
        // try the next shape
      }
    }
    return Optional.empty();
  }

  private static List<DateTimeFormatter> formatters(String... patterns) {
    return java.util.Arrays.stream(patterns)
        .map(
            p ->
                new DateTimeFormatterBuilder()
                    .parseCaseInsensitive()
                    .appendPattern(p)
                    .toFormatter(Locale.ENGLISH))
        .toList();
  }
}
