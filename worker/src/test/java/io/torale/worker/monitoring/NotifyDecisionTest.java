package io.torale.worker.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import io.torale.platform.task.NotifyBehavior;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NotifyDecisionTest {

  @ParameterizedTest(name = "{0} met={1} changed={2} notifiedBefore={3} -> {4}")
  @CsvSource({
    "ONCE, false, true, false, false",
    "ONCE, true, true, false, true",
    "ONCE, true, false, true, false",
    "ONCE, true, true, true, false",
    "ALWAYS, false, true, false, false",
    "ALWAYS, true, false, true, true",
    "ON_CHANGE, false, true, false, false",
    "ON_CHANGE, true, true, true, true",
    "ON_CHANGE, true, false, true, false",
  })
  void decides(
      NotifyBehavior behavior, boolean met, boolean changed, boolean before, boolean expected) {
    assertThat(NotifyDecision.shouldNotify(behavior, met, changed, before)).isEqualTo(expected);
  }
}
