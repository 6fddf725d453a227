package io.torale.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.torale.localstack.LocalStackConfig;
import io.torale.schemas.v1.CommandOutcome;
import io.torale.schemas.v1.CommandResult;
import io.torale.schemas.v1.ConditionMet;
import io.torale.testsupport.commands.Commands;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Another language drives the system with nothing but a Confluent-protocol client and the
 * registry's Confluent-compatible API: Python's {@code confluent-kafka} publishes a {@code
 * CreateTask} that the system applies, and decodes the {@code ConditionMet} it emits. The client
 * comes from {@code scripts/install-python-interop.sh} (which {@code ./torale test} runs).
 */
class PythonClientIT extends OutsideTheSystem {

  @Test
  void aPythonClientPublishesACommandAndDecodesTheEventItCauses() throws Exception {
    String taskId = UUID.randomUUID().toString();

    python(
        "create",
        "--task-id",
        taskId,
        "--url",
        page.url(),
        "--pattern",
        "Status: open",
        "--webhook",
        webhooks.url());
    CommandResult created =
        bus.await(CommandResult.class, r -> r.getTaskId().equals(taskId), Duration.ofSeconds(60));
    assertThat(created.getOutcome())
        .as("%s", created.getReasons())
        .isEqualTo(CommandOutcome.APPLIED);
    assertThat(created.getCommandType()).isEqualTo("CreateTask");

    bus.apply(taskId, Commands.runNow());
    ConditionMet event =
        bus.await(ConditionMet.class, e -> e.getTaskId().equals(taskId), Duration.ofSeconds(90));

    JsonNode decoded =
        JsonMapper.builder()
            .build()
            .readTree(
                python(
                    "consume",
                    "--topic",
                    "torale.condition-met.v1",
                    "--key",
                    taskId,
                    "--timeout",
                    "60"));
    assertThat(decoded.path("eventId").asString()).isEqualTo(event.getEventId());
    assertThat(decoded.path("task").path("context").path("origin").asString()).isEqualTo("python");
    assertThat(decoded.path("answer").asString()).isEqualTo(event.getAnswer());
  }

  /** Runs the interop client and returns its last line of output; fails with its output. */
  private static String python(String... args) throws IOException, InterruptedException {
    Path repo = LocalStackConfig.repositoryRoot();
    Path python = repo.resolve(".tools/python-venv/bin/python");
    assertThat(python)
        .as("the Python client: run scripts/install-python-interop.sh (./torale test does)")
        .isExecutable();
    List<String> command =
        new ArrayList<>(
            List.of(
                python.toString(),
                repo.resolve("interop/python/torale_interop.py").toString(),
                "--bootstrap",
                system.stack().kafkaBootstrapServers(),
                "--registry",
                system.stack().registryUrl()));
    command.addAll(List.of(args));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(90, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as("python %s:\n%s", String.join(" ", args), output).isZero();
    List<String> lines = output.lines().filter(line -> line.startsWith("{")).toList();
    assertThat(lines).as("JSON output of python %s:\n%s", args[0], output).isNotEmpty();
    return lines.getLast();
  }
}
