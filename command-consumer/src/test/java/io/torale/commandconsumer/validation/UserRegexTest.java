package io.torale.commandconsumer.validation;

import static io.torale.testsupport.commands.Commands.envelope;
import static io.torale.testsupport.commands.Commands.validCreate;
import static org.assertj.core.api.Assertions.assertThat;

import io.torale.schemas.v1.Match;
import io.torale.schemas.v1.MatchType;
import io.torale.schemas.v1.Source;
import io.torale.schemas.v1.SourceType;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UserRegexTest {

  private final TaskCommandValidator validator =
      new TaskCommandValidator(List.of("localhost", "127.0.0.1"));

  private List<Rejection> createWithRegex(String pattern) {
    var create =
        validCreate()
            .setSource(
                new Source(
                    SourceType.WEB_PAGE,
                    "https://example.com/",
                    null,
                    new Match(MatchType.REGEX, pattern)))
            .build();
    return validator.validate(envelope(UUID.randomUUID().toString(), create), Optional.empty());
  }

  /**
   * Catastrophic for a backtracking engine, linear for RE2: accepted, the worker runs them fast.
   */
  @ParameterizedTest
  @ValueSource(strings = {"(a+)+$", "(a|aa)+$", "(a*)*b", "(x+x+)+y", "Status: \\w+"})
  void acceptsPatternsRe2RunsInLinearTime(String pattern) {
    assertThat(createWithRegex(pattern)).isEmpty();
  }

  /** Features only a backtracking engine has: refused at command time, with RE2's reason. */
  @ParameterizedTest
  @ValueSource(strings = {"(a)\\1", "foo(?=bar)", "(?<!x)y", "a++", "(["})
  void rejectsWhatRe2CannotRunWithTheReason(String pattern) {
    List<Rejection> reasons = createWithRegex(pattern);

    assertThat(reasons)
        .extracting(Rejection::field)
        .containsExactly("command.source.match.pattern");
    assertThat(reasons.getFirst().message()).contains("RE2").contains("error parsing regexp");
  }

  @Test
  void theReasonNamesWhatIsWrong() {
    assertThat(UserRegex.problem("(a)\\1")).get().asString().contains("\\1");
  }
}
