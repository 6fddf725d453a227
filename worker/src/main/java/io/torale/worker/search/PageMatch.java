package io.torale.worker.search;

import com.google.re2j.Matcher;
import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import io.temporal.failure.ApplicationFailure;
import io.torale.platform.task.TextMatch;
import io.torale.worker.monitoring.FailureTypes;
import java.util.ArrayList;
import java.util.List;

/**
 * Deterministic judgement of a page's text, no model involved, over the whole watched text (the
 * selected elements, or the page). The state, which decides "new or not", is only the evidence the
 * match watches, so a clock or a banner elsewhere on the page never counts as a change:
 *
 * <ul>
 *   <li>CONTAINS / NOT_CONTAINS (literal, case-sensitive): the lines that contain the text, or
 *       {@code absent} when none does;
 *   <li>REGEX ({@code find}, RE2/J: linear in the text's length whatever the pattern): the matched
 *       texts, or {@code no match}.
 * </ul>
 */
public final class PageMatch {

  /** At most this many lines or matches make up the state; a page watched by more is a mistake. */
  static final int MAX_EVIDENCE = 100;

  /** The answer quotes at most this much. */
  static final int MAX_ANSWER_CHARS = 500;

  private PageMatch() {}

  public static Verdict evaluate(TextMatch match, String text) {
    String pattern = match.pattern();
    if (pattern == null || pattern.isEmpty()) {
      throw invalid("a match needs a pattern");
    }
    if (match.type() == null) {
      throw invalid("a match needs a type");
    }
    return switch (match.type()) {
      case CONTAINS -> contains(pattern, text, true);
      case NOT_CONTAINS -> contains(pattern, text, false);
      case REGEX -> regex(pattern, text);
    };
  }

  private static Verdict contains(String literal, String text, boolean wanted) {
    List<String> lines =
        text.lines().filter(line -> line.contains(literal)).limit(MAX_EVIDENCE).toList();
    boolean found = !lines.isEmpty();
    String answer =
        found
            ? "The page contains \"" + literal + "\": " + cap(String.join(" | ", lines))
            : "The page does not contain \"" + literal + "\".";
    return new Verdict(found == wanted, answer, found ? String.join("\n", lines) : "absent");
  }

  private static Verdict regex(String pattern, String text) {
    Matcher matcher;
    try {
      matcher = Pattern.compile(pattern).matcher(text);
    } catch (PatternSyntaxException e) {
      throw invalid("invalid regex (RE2 syntax): " + e.getMessage());
    }
    List<String> matches = new ArrayList<>();
    while (matches.size() < MAX_EVIDENCE && matcher.find()) {
      matches.add(matcher.group());
      if (matcher.end() == matcher.start() && matcher.end() >= text.length()) {
        break;
      }
    }
    if (matches.isEmpty()) {
      return new Verdict(false, "Nothing on the page matches /" + pattern + "/.", "no match");
    }
    String joined = String.join(" | ", matches);
    return new Verdict(
        true, "The page matches /" + pattern + "/: " + cap(joined), String.join("\n", matches));
  }

  private static String cap(String text) {
    return text.length() <= MAX_ANSWER_CHARS ? text : text.substring(0, MAX_ANSWER_CHARS) + "…";
  }

  private static ApplicationFailure invalid(String message) {
    return ApplicationFailure.newNonRetryableFailure(message, FailureTypes.INVALID_CONFIGURATION);
  }
}
