package io.torale.worker.search;

import io.temporal.failure.ApplicationFailure;
import io.torale.platform.task.TextMatch;
import io.torale.worker.monitoring.FailureTypes;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Deterministic judgement of a page's text, no model involved. CONTAINS and NOT_CONTAINS compare
 * literally (case-sensitive); REGEX uses {@code find}. The state of CONTAINS/NOT_CONTAINS is the
 * page text itself, so {@code ON_CHANGE} notifies when the watched text changes; the state of REGEX
 * is what matched.
 */
public final class PageMatch {

  static final int MAX_STATE_CHARS = 4_000;

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

  private static Verdict contains(String pattern, String text, boolean wanted) {
    boolean found = text.contains(pattern);
    String answer =
        (found ? "The page contains \"" : "The page does not contain \"") + pattern + "\".";
    return new Verdict(found == wanted, answer, cap(text));
  }

  private static Verdict regex(String pattern, String text) {
    Matcher matcher;
    try {
      matcher = Pattern.compile(pattern).matcher(text);
    } catch (PatternSyntaxException e) {
      throw invalid("invalid regex: " + e.getDescription());
    }
    List<String> matches = new ArrayList<>();
    while (matcher.find() && matches.size() < 20) {
      matches.add(matcher.group());
    }
    if (matches.isEmpty()) {
      return new Verdict(false, "Nothing on the page matches /" + pattern + "/.", "no match");
    }
    String joined = String.join(" | ", matches);
    return new Verdict(true, "The page matches /" + pattern + "/: " + cap(joined), cap(joined));
  }

  private static String cap(String text) {
    return text.length() <= MAX_STATE_CHARS ? text : text.substring(0, MAX_STATE_CHARS);
  }

  private static ApplicationFailure invalid(String message) {
    return ApplicationFailure.newNonRetryableFailure(message, FailureTypes.INVALID_CONFIGURATION);
  }
}
