package io.torale.cli.up;

import java.time.Duration;
import picocli.CommandLine.ITypeConverter;

/** Reads durations written as {@code 90s}, {@code 2m} or ISO-8601 ({@code PT90S}). */
final class DurationConverter implements ITypeConverter<Duration> {
  @Override
  public Duration convert(String value) {
    String v = value.strip().toLowerCase(java.util.Locale.ROOT);
    if (v.startsWith("pt")) {
      return Duration.parse(value);
    }
    if (v.endsWith("ms")) {
      return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
    }
    long amount = Long.parseLong(v.substring(0, v.length() - 1));
    return switch (v.charAt(v.length() - 1)) {
      case 's' -> Duration.ofSeconds(amount);
      case 'm' -> Duration.ofMinutes(amount);
      case 'h' -> Duration.ofHours(amount);
      default -> throw new IllegalArgumentException("not a duration: " + value + " (try 90s, 2m)");
    };
  }
}
