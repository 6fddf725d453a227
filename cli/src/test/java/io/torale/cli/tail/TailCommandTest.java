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

  @Test
  void neverPrintsAWebhookSecret() {
    var json = tools.jackson.databind.json.JsonMapper.builder().build();
    var command =
        json.readTree(
            """
            {"command": {"notifications": {"emails": [], "webhooks": [
              {"url": "https://hooks.example.com/a", "secret": "whsec_c2VjcmV0"},
              {"url": "https://hooks.example.com/b", "secret": null}]}}}
            """);

    String printed = json.writeValueAsString(TailCommand.redact(command));

    assertThat(printed).doesNotContain("whsec_c2VjcmV0").contains("\"secret\":\"****\"");
    assertThat(printed).contains("https://hooks.example.com/a").contains("\"secret\":null");
  }
}
