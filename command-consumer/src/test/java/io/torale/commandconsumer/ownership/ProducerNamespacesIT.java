package io.torale.commandconsumer.ownership;

import static org.assertj.core.api.Assertions.assertThat;

import io.torale.commandconsumer.support.ConsumerIT;
import io.torale.localstack.LocalStackExtension;
import io.torale.platform.task.TaskStatus;
import io.torale.schemas.Topics;
import io.torale.schemas.v1.CommandOutcome;
import io.torale.schemas.v1.CommandResult;
import io.torale.schemas.v1.TaskCommand;
import io.torale.schemas.v1.UpdateTask;
import io.torale.testsupport.commands.Commands;
import io.torale.testsupport.kafka.KafkaTopics;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Per-producer command topics on the real broker (no ACLs here: {@code SecuredBrokerIT} shows the
 * broker refusing a producer another's topic). The command-consumer subscribes by pattern, takes
 * the producer from the topic, and keeps each producer to its own tasks.
 */
class ProducerNamespacesIT extends ConsumerIT {

  private static final String ALPHA = "alpha-" + UUID.randomUUID().toString().substring(0, 8);
  private static final String BETA = "beta-" + UUID.randomUUID().toString().substring(0, 8);

  @BeforeAll
  static void createProducerTopics() {
    KafkaTopics.create(
        Map.of(
            AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
            LocalStackExtension.stack().kafkaBootstrapServers()),
        Topics.producerCommands(ALPHA),
        Topics.producerCommands(BETA));
  }

  @Test
  void aProducerCannotActOnAnotherProducersTaskThroughItsOwnTopic() {
    String taskId = newTaskId();
    applyFrom(ALPHA, create(taskId, ALPHA), CommandOutcome.APPLIED);

    String unknownTaskId = newTaskId();
    CommandResult foreign = applyFrom(BETA, Commands.pause(taskId), CommandOutcome.REJECTED);
    CommandResult missing = applyFrom(BETA, Commands.pause(unknownTaskId), CommandOutcome.REJECTED);

    // The answer about alpha's task is the answer about a task that does not exist.
    assertThat(foreign.getReasons()).isEqualTo(missing.getReasons());
    assertThat(foreign.toString()).doesNotContain(ALPHA).doesNotContain("active");
    applyFrom(BETA, Commands.delete(taskId), CommandOutcome.REJECTED);
    applyFrom(BETA, Commands.runNow(taskId), CommandOutcome.REJECTED);
    applyFrom(
        BETA, Commands.update(taskId, Commands.updateCron("0 * * * *")), CommandOutcome.REJECTED);
    assertThat(task(taskId).orElseThrow().status()).isEqualTo(TaskStatus.ACTIVE);
    assertThat(task(taskId).orElseThrow().owner()).isEqualTo(ALPHA);

    // Its owner still can.
    applyFrom(ALPHA, Commands.pause(taskId), CommandOutcome.APPLIED);
    assertThat(task(taskId).orElseThrow().status()).isEqualTo(TaskStatus.PAUSED);
  }

  @Test
  void aProducerCannotTakeOverATaskIdOrCreateForAnotherOwner() {
    String taskId = newTaskId();
    applyFrom(ALPHA, create(taskId, ALPHA), CommandOutcome.APPLIED);

    CommandResult takeover = applyFrom(BETA, create(taskId, BETA), CommandOutcome.REJECTED);
    assertThat(takeover.toString()).doesNotContain(ALPHA);
    applyFrom(BETA, create(newTaskId(), ALPHA), CommandOutcome.REJECTED);
    assertThat(task(taskId).orElseThrow().owner()).isEqualTo(ALPHA);
  }

  @Test
  void updateCannotChangeTheOwner() {
    String taskId = newTaskId();
    applyFrom(ALPHA, create(taskId, ALPHA), CommandOutcome.APPLIED);

    CommandResult result =
        applyFrom(
            ALPHA,
            Commands.update(taskId, UpdateTask.newBuilder().setOwner(BETA).build()),
            CommandOutcome.REJECTED);

    assertThat(result.getReasons())
        .anySatisfy(r -> assertThat(r.getField()).isEqualTo("command.owner"));
    assertThat(task(taskId).orElseThrow().owner()).isEqualTo(ALPHA);
  }

  private static TaskCommand create(String taskId, String owner) {
    return Commands.envelope(taskId, Commands.validCreate().setOwner(owner).build());
  }

  private CommandResult applyFrom(String producer, TaskCommand command, CommandOutcome expected) {
    CommandResult result =
        bus.awaitResult(
            bus.publishTo(Topics.producerCommands(producer), command), Duration.ofSeconds(90));
    assertThat(result.getOutcome()).as("result %s", result).isEqualTo(expected);
    return result;
  }
}
