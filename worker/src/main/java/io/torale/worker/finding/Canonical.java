package io.torale.worker.finding;

import java.math.BigDecimal;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Canonical forms of typed values, so that the same fact in different words compares equal before
 * any model is asked: "Sept 9, 2026", "9 September 2026" and "2026-09-09" are all {@code
 * 2026-09-09}; "$1,299.00" and "1299" are {@code 1299}; "Yes" is {@code true}. What a type cannot
 * parse stays as normalised text (trimmed, whitespace collapsed, lower case), which is never wrong,
 * only less forgiving. Hand-written because the inputs are model output in a handful of English
 * shapes, which {@code java.time} parses once they are tidied ({@link Dates}).
 */
public final class Canonical {

  private static final Set<String> ABSENT = Set.of("", "null", "none", "unknown", "n/a", "na", "-");
  private static final Set<String> TRUE = Set.of("true", "yes", "y", "confirmed", "1");
  private static final Set<String> FALSE = Set.of("false", "no", "n", "not confirmed", "0");

  private Canonical() {}

  /** The canonical form of a raw value of the given type; null when the value is absent. */
  public static String value(FieldType type, String raw, List<String> options) {
    String text = text(raw);
    if (text == null) {
      return null;
    }
    return switch (type) {
      case DATE -> Dates.canonical(text).orElse(text);
      case NUMBER -> number(text).orElse(text);
      case BOOLEAN -> TRUE.contains(text) ? "true" : FALSE.contains(text) ? "false" : text;
      case ENUM ->
          options.stream().map(Canonical::text).filter(text::equals).findFirst().orElse(text);
      case STRING -> text;
    };
  }

  /** Trimmed, whitespace collapsed, lower case, without surrounding quotes or end punctuation. */
  static String text(String raw) {
    if (raw == null) {
      return null;
    }
    String text =
        raw.strip()
            .replaceAll("\\s+", " ")
            .replaceAll("^[\"'“”‘’]+|[\"'“”‘’.!;,]+$", "")
            .strip()
            .toLowerCase(Locale.ROOT);
    return ABSENT.contains(text) ? null : text;
  }

  /**
   * The identity of a finding: the fields sorted by name, each as {@code name|TYPE|value}. Equal
   * strings mean equal facts, whatever the wording; its SHA-256 is stored as the notified hash.
   */
  public static String key(List<FieldValue> fields) {
    return fields.stream()
        .sorted(Comparator.comparing(FieldValue::name))
        .map(f -> f.name() + "|" + f.type() + "|" + (f.value() == null ? "" : f.value()))
        .collect(Collectors.joining("\n"));
  }

  /** A plain decimal: currency signs, thousands separators and a trailing % dropped. */
  static Optional<String> number(String text) {
    String t = text.replaceAll("^(us\\$|\\$|€|£|usd|eur|gbp)\\s*", "").replaceAll("\\s*%$", "");
    BigDecimal scale = BigDecimal.ONE;
    var word = java.util.regex.Pattern.compile("^(.*?)\\s*(thousand|million|billion|k|m|bn)$");
    var m = word.matcher(t);
    if (m.matches()) {
      t = m.group(1);
      scale =
          switch (m.group(2)) {
            case "thousand", "k" -> BigDecimal.valueOf(1_000);
            case "million", "m" -> BigDecimal.valueOf(1_000_000);
            default -> BigDecimal.valueOf(1_000_000_000);
          };
    }
    if (t.matches("-?\\d{1,3}(,\\d{3})+(\\.\\d+)?")) {
      t = t.replace(",", "");
    }
    try {
      return Optional.of(new BigDecimal(t).multiply(scale).stripTrailingZeros().toPlainString());
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
