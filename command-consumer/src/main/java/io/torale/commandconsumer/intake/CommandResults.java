package io.torale.commandconsumer.intake;

import io.torale.commandconsumer.validation.Rejection;
import io.torale.schemas.Topics;
import io.torale.schemas.v1.CommandResult;
import io.torale.schemas.v1.Reason;
import io.torale.schemas.v1.TaskCommand;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Publishes the one result of each command to {@code torale.command-results.v1}, keyed by task id.
 * Blocks until the broker acknowledges (with a timeout): the command's offset is committed only
 * after its result is durable, so a failed send means the command is retried, not lost.
 */
@Component
class CommandResults {

  private final KafkaTemplate<String, Object> kafka;
  private final CommandProperties properties;

  CommandResults(KafkaTemplate<String, Object> kafka, CommandProperties properties) {
    this.kafka = kafka;
    this.properties = properties;
  }

  void publish(TaskCommand command, CommandOutcome outcome) {
    CommandResult result =
        CommandResult.newBuilder()
            .setCommandId(command.getCommandId())
            .setTaskId(command.getTaskId())
            .setCommandType(CommandTypes.of(command))
            .setOutcome(
                switch (outcome) {
                  case CommandOutcome.Applied a -> io.torale.schemas.v1.CommandOutcome.APPLIED;
                  case CommandOutcome.Rejected r -> io.torale.schemas.v1.CommandOutcome.REJECTED;
                  case CommandOutcome.Duplicate d -> io.torale.schemas.v1.CommandOutcome.DUPLICATE;
                })
            .setReasons(reasons(outcome))
            .setProcessedAt(Instant.now())
            .build();
    try {
      kafka
          .send(Topics.COMMAND_RESULTS, command.getTaskId(), result)
          .get(properties.resultSendTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while publishing a command result", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException(
          "could not publish the result of command " + command.getCommandId(), e);
    }
  }

  private static List<Reason> reasons(CommandOutcome outcome) {
    if (!(outcome instanceof CommandOutcome.Rejected rejected)) {
      return List.of();
    }
    return rejected.reasons().stream()
        .map((Rejection r) -> new Reason(r.field(), r.message()))
        .toList();
  }
}
