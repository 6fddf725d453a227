package io.torale.commandconsumer.intake;

import io.torale.commandconsumer.ownership.CommandSource;
import io.torale.platform.crash.CrashPoints;
import io.torale.schemas.Topics;
import io.torale.schemas.v1.TaskCommand;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Consumes {@code torale.task-commands.v1} and every producer's {@code
 * torale.task-commands.v1.<producer>} (by pattern; a new producer's topic is picked up within
 * {@code metadata.max.age.ms}). The topic says who sent the command ({@link CommandSource}).
 * Records are keyed by task id, so the commands of one task arrive in order on one partition and
 * one listener thread. Each record is handled inside a Kafka transaction the container opens
 * ({@link ResultTransactionConfiguration}): the result this method sends and the record's consumed
 * offset commit together or not at all, so a {@code read_committed} consumer of the results sees
 * exactly one result per delivery that counted. Failures follow the platform's policy: transient
 * ones are retried with backoff until they heal, others a few times and then dead-lettered (in a
 * transaction too); Temporal's refusals never throw, they are REJECTED results.
 */
@Component
class TaskCommandListener {

  private static final Logger log = LoggerFactory.getLogger(TaskCommandListener.class);

  private final CommandHandler handler;
  private final CommandResults results;
  private final CommandMetrics metrics;
  private final CrashPoints crashPoints;

  TaskCommandListener(
      CommandHandler handler,
      CommandResults results,
      CommandMetrics metrics,
      CrashPoints crashPoints) {
    this.handler = handler;
    this.results = results;
    this.metrics = metrics;
    this.crashPoints = crashPoints;
  }

  @KafkaListener(id = "task-commands", topicPattern = Topics.TASK_COMMANDS_PATTERN)
  void onCommand(ConsumerRecord<String, TaskCommand> record) {
    TaskCommand command = record.value();
    // Every log line of this command names it; the trace continues the record's traceparent.
    try (var commandId = MDC.putCloseable("commandId", command.getCommandId());
        var taskId = MDC.putCloseable("taskId", command.getTaskId())) {
      answer(
          command,
          new ProcessedCommands.Source(record.topic(), record.partition(), record.offset()),
          CommandSource.ofTopic(record.topic()));
    }
  }

  private void answer(TaskCommand command, ProcessedCommands.Source source, CommandSource from) {
    CommandHandler.Decision decision = handler.handle(command, source, from);
    results.publish(command, decision.outcome());
    // The database has committed; the result and the offset commit with the Kafka transaction
    // when this method returns.
    crashPoints.reach(CrashPoints.BEFORE_RESULT_COMMIT);
    metrics.answered(command, decision.outcome());
    log.info(
        "{} {} of task {}: {}",
        CommandTypes.of(command),
        command.getCommandId(),
        command.getTaskId(),
        decision.outcome());
  }
}
