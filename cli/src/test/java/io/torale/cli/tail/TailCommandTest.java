package io.torale.cli.tail;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TailCommandTest {

  @Test
  void resolvesShortNamesAndDeadLetterSuffixes() {
    assertThat(TailCommand.resolve("executions")).isEqualTo("torale.task-executions.v1");
    assertThat(TailCommand.resolve("commands-dlt")).isEqualTo("torale.task-commands.v1-dlt");
    assertThat(TailCommand.resolve("torale.condition-met.v1")).isEqualTo("torale.condition-met.v1");
    assertThat(TailCommand.resolve("someone.elses.topic")).isEqualTo("someone.elses.topic");
  }
}
