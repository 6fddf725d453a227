package io.torale.commandconsumer.intake;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.torale.schemas.v1.TaskCommand;
import org.springframework.stereotype.Component;

/**
 * {@code torale.commands} (Prometheus {@code torale_commands_total}): commands answered, by {@code
 * type} (CreateTask, PauseTask, ...) and {@code outcome} (applied, rejected, duplicate). A command
 * that fails transiently is retried and counted once, when it is answered.
 */
@Component
class CommandMetrics {

  private final MeterRegistry registry;

  CommandMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  void answered(TaskCommand command, CommandOutcome outcome) {
    Counter.builder("torale.commands")
        .description("Task commands answered, by type and outcome")
        .tag("type", CommandTypes.of(command))
        .tag("outcome", outcomeTag(outcome))
        .register(registry)
        .increment();
  }

  static String outcomeTag(CommandOutcome outcome) {
    return switch (outcome) {
      case CommandOutcome.Applied applied -> "applied";
      case CommandOutcome.Rejected rejected -> "rejected";
      case CommandOutcome.Duplicate duplicate -> "duplicate";
    };
  }
}
