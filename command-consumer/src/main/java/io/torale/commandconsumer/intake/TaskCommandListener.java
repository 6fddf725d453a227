package io.torale.commandconsumer.intake;

import io.torale.schemas.Topics;
import io.torale.schemas.v1.TaskCommand;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Consumes {@code torale.task-commands.v1}. Records are keyed by task id, so the commands of one
 * task arrive in order on one partition and one listener thread; the container commits a record's
 * offset only after this method returns (ack mode RECORD), that is after the database, Temporal and
 * the result topic all hold the outcome. Any exception is transient by assumption and the
 * platform's error handler retries the record with backoff, forever; unreadable records never get
 * here (they go to the dead-letter topic).
 */
@Component
class TaskCommandListener {

  private static final Logger log = LoggerFactory.getLogger(TaskCommandListener.class);

  private final CommandHandler handler;
  private final CommandResults results;
  private final ProcessedCommands processed;
  private final CommandMetrics metrics;

  TaskCommandListener(
      CommandHandler handler,
      CommandResults results,
      ProcessedCommands processed,
      CommandMetrics metrics) {
    this.handler = handler;
    this.results = results;
    this.processed = processed;
    this.metrics = metrics;
  }

  @KafkaListener(id = "task-commands", topics = Topics.TASK_COMMANDS)
  void onCommand(TaskCommand command) {
    // Every log line of this command names it; the trace continues the record's traceparent.
    try (var commandId = MDC.putCloseable("commandId", command.getCommandId());
        var taskId = MDC.putCloseable("taskId", command.getTaskId())) {
      answer(command);
    }
  }

  private void answer(TaskCommand command) {
    CommandHandler.Decision decision = handler.handle(command);
    results.publish(command, decision.outcome());
    if (decision.unpublished()) {
      processed.markPublished(command.getCommandId());
    }
    metrics.answered(command, decision.outcome());
    log.info(
        "{} {} of task {}: {}",
        CommandTypes.of(command),
        command.getCommandId(),
        command.getTaskId(),
        decision.outcome());
  }
}
