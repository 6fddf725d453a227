package io.torale.commandconsumer.validation;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.util.Optional;

/**
 * Checks a task's REGEX pattern with the engine the worker runs it on: RE2/J, whose matching time
 * is linear in the page's length whatever the pattern, so {@code (a+)+$} cannot stall a worker on a
 * 2 MB page. What RE2 cannot express (backreferences, lookaround, possessive quantifiers) is
 * refused here with the engine's own reason, rather than failing every run later.
 */
final class UserRegex {

  private UserRegex() {}

  /** Why the pattern cannot run, or empty when it can. */
  static Optional<String> problem(String pattern) {
    try {
      Pattern.compile(pattern);
      return Optional.empty();
    } catch (PatternSyntaxException e) {
      return Optional.of(
          "is not a regex the matcher (RE2, linear time) accepts: " + e.getMessage());
    }
  }
}
