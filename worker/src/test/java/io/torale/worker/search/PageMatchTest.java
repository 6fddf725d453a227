package io.torale.worker.search;

import static org.assertj.core.api.Assertions.assertThat;

import io.torale.platform.task.MatchType;
import io.torale.platform.task.TextMatch;
import org.junit.jupiter.api.Test;

class PageMatchTest {

  @Test
  void containsIsLiteralAndCaseSensitive() {
    assertThat(
            PageMatch.evaluate(new TextMatch(MatchType.CONTAINS, "a.b"), "xx a.b yy")
                .conditionMet())
        .isTrue();
    assertThat(
            PageMatch.evaluate(new TextMatch(MatchType.CONTAINS, "A.B"), "xx a.b yy")
                .conditionMet())
        .isFalse();
    assertThat(
            PageMatch.evaluate(new TextMatch(MatchType.NOT_CONTAINS, "sold out"), "in stock")
                .conditionMet())
        .isTrue();
  }

  @Test
  void regexWithoutAMatchHasAStableState() {
    Verdict verdict =
        PageMatch.evaluate(new TextMatch(MatchType.REGEX, "\\d{4}-\\d{2}-\\d{2}"), "no date here");

    assertThat(verdict.conditionMet()).isFalse();
    assertThat(verdict.currentState()).isEqualTo("no match");
  }
}
