package io.torale.worker.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.temporal.failure.ApplicationFailure;
import io.torale.platform.task.MatchType;
import io.torale.platform.task.TextMatch;
import io.torale.worker.monitoring.FailureTypes;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PageMatchTest {

  private static Verdict evaluate(String type, String pattern, String text) {
    return PageMatch.evaluate(new TextMatch(MatchType.valueOf(type), pattern), text);
  }

  @Test
  void containsIsLiteralAndCaseSensitive() {
    assertThat(evaluate("CONTAINS", "a.b", "xx a.b yy").conditionMet()).isTrue();
    assertThat(evaluate("CONTAINS", "A.B", "xx a.b yy").conditionMet()).isFalse();
    assertThat(evaluate("NOT_CONTAINS", "sold out", "in stock").conditionMet()).isTrue();
  }

  @Test
  void regexWithoutAMatchHasAStableState() {
    Verdict verdict = evaluate("REGEX", "\\d{4}-\\d{2}-\\d{2}", "no date here");

    assertThat(verdict.conditionMet()).isFalse();
    assertThat(verdict.currentState()).isEqualTo("no match");
  }

  /** The state is only what the match watches: a clock or a banner elsewhere changes nothing. */
  @Nested
  class WatchedText {

    private static String page(String clock, String banner, String watched) {
      return "Updated " + clock + "\n" + banner + "\n" + "filler line\n".repeat(500) + watched;
    }

    @Test
    void containsWatchesTheLinesThatContainTheText() {
      Verdict first = evaluate("CONTAINS", "Stock:", page("10:00:01", "Sale!", "Stock: 3"));
      Verdict second = evaluate("CONTAINS", "Stock:", page("10:05:09", "New banner", "Stock: 3"));
      Verdict changed = evaluate("CONTAINS", "Stock:", page("10:10:00", "Sale!", "Stock: 5"));

      assertThat(first.currentState()).isEqualTo("Stock: 3").isEqualTo(second.currentState());
      assertThat(changed.currentState()).isEqualTo("Stock: 5");
    }

    @Test
    void theWholePageIsSearchedNotItsFirstCharacters() {
      String text = page("10:00", "b", "Stock: 3");
      assertThat(text.indexOf("Stock:")).isGreaterThan(4_000);

      assertThat(evaluate("CONTAINS", "Stock:", text).conditionMet()).isTrue();
      assertThat(evaluate("REGEX", "Stock: \\d+", text).currentState()).isEqualTo("Stock: 3");
    }

    @Test
    void notContainsIsStableWhileAbsent() {
      assertThat(evaluate("NOT_CONTAINS", "Sold out", page("1", "a", "x")).currentState())
          .isEqualTo("absent")
          .isEqualTo(evaluate("NOT_CONTAINS", "Sold out", page("2", "b", "y")).currentState());
    }

    @Test
    void regexWatchesOnlyTheMatchedText() {
      assertThat(evaluate("REGEX", "Status: \\w+", "Status: green at 10:00:01").currentState())
          .isEqualTo("Status: green");
    }
  }

  /**
   * RE2/J: matching is linear in the text's length, whatever the pattern. Timed in CPU time of the
   * matching thread after a warm-up (a worker is warm), because the wall clock of this shared
   * machine mostly measures other builds: under a load of 20 on 2 cores a 0.3 s match takes 1.3 s.
   */
  @Nested
  class HostilePatterns {

    private static final String TWO_MB = "a".repeat(2 * 1024 * 1024 - 1) + "!";
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    @ParameterizedTest
    @ValueSource(strings = {"(a+)+$", "(a|aa)+$", "(a*)*b", "(x+x+)+y", "^(a+)+b"})
    void aCatastrophicPatternOnATwoMegabytePageFinishesWellUnderASecond(String pattern) {
      evaluate("REGEX", pattern, TWO_MB.substring(TWO_MB.length() - 64 * 1024)); // warm-up

      long start = THREADS.getCurrentThreadCpuTime();
      Verdict verdict = evaluate("REGEX", pattern, TWO_MB);
      Duration took = Duration.ofNanos(THREADS.getCurrentThreadCpuTime() - start);

      System.out.printf("/%s/ on 2 MB: %d ms CPU%n", pattern, took.toMillis());
      assertThat(verdict.conditionMet()).isFalse();
      assertThat(took).isLessThan(Duration.ofSeconds(1));
    }

    @Test
    void whatRe2CannotRunIsAConfigurationError() {
      assertThatThrownBy(() -> evaluate("REGEX", "(a)\\1", "aa"))
          .isInstanceOfSatisfying(
              ApplicationFailure.class,
              f -> {
                assertThat(f.isNonRetryable()).isTrue();
                assertThat(f.getType()).isEqualTo(FailureTypes.INVALID_CONFIGURATION);
                assertThat(f.getOriginalMessage()).contains("RE2");
              });
    }
  }
}
