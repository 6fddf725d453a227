package io.torale.commandconsumer.intake;

import io.torale.commandconsumer.validation.Rejection;
import io.torale.schemas.Topics;
import io.torale.schemas.v1.CommandResult;
import io.torale.schemas.v1.Reason;
import io.torale.schemas.v1.TaskCommand;
import java.time.Instant;
import java.util.List;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Publishes the result of each command to {@code torale.command-results.v1}, keyed by task id,
 * inside the listener's Kafka transaction. It does not wait for the broker: committing the
 * transaction flushes the send first, and a send that failed makes the commit fail, which rolls the
 * offset back and redelivers the command; nothing is visible to a read_committed reader until then.
 */
@Component
class CommandResults {

  private final KafkaTemplate<Object, Object> kafka;

  CommandResults(KafkaTemplate<Object, Object> kafka) {
    this.kafka = kafka;
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
            .setDetail(outcome instanceof CommandOutcome.Applied applied ? applied.detail() : null)
            .build();
    kafka.send(Topics.COMMAND_RESULTS, command.getTaskId(), result);
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
