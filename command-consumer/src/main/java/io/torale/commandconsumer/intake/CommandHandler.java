package io.torale.commandconsumer.intake;

import io.torale.commandconsumer.ownership.CommandSource;
import io.torale.commandconsumer.ownership.ProducerAuthorization;
import io.torale.commandconsumer.schedule.TaskSchedules;
import io.torale.commandconsumer.schedule.TaskSchedules.RunNow;
import io.torale.commandconsumer.schedule.TemporalRefusals;
import io.torale.commandconsumer.secrets.WebhookSecretIntake;
import io.torale.commandconsumer.task.TaskDefinitions;
import io.torale.commandconsumer.task.TaskLocks;
import io.torale.commandconsumer.task.TaskStore;
import io.torale.commandconsumer.validation.Rejection;
import io.torale.commandconsumer.validation.TaskCommandValidator;
import io.torale.platform.crash.CrashPoints;
import io.torale.platform.task.Task;
import io.torale.platform.task.TaskStatus;
import io.torale.schemas.v1.CreateTask;
import io.torale.schemas.v1.DeleteTask;
import io.torale.schemas.v1.PauseTask;
import io.torale.schemas.v1.ResumeTask;
import io.torale.schemas.v1.RunTaskNow;
import io.torale.schemas.v1.TaskCommand;
import io.torale.schemas.v1.UpdateTask;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Applies one command, in an order that converges after a crash at any point: in one database
 * transaction, holding the task's lock, it reads the task, validates, calls Temporal (idempotent
 * operations), then writes the task and records the command id with the record it came from. A
 * crash before the commit leaves the database as it was, so the redelivered command passes the same
 * validation and repeats the (idempotent) Temporal call. A crash after the commit aborts the Kafka
 * transaction that would have carried the result; the redelivered record finds its own row and the
 * stored outcome is published again, so a read_committed reader sees one result.
 *
 * <p>A command whose state already holds is applied with "no change" and no Temporal call; a
 * request Temporal refuses for good ({@link TemporalRefusals}) is answered REJECTED with its
 * reason.
 */
@Component
class CommandHandler {

  /** The outcome to publish for this delivery of the command. */
  record Decision(CommandOutcome outcome) {}

  private final TransactionTemplate transactions;
  private final TaskLocks locks;
  private final TaskStore tasks;
  private final ProcessedCommands processed;
  private final TaskCommandValidator validator;
  private final TaskSchedules scheduler;
  private final CrashPoints crashPoints;
  private final ProducerAuthorization authorization;
  private final WebhookSecretIntake secrets;

  CommandHandler(
      TransactionTemplate transactions,
      TaskLocks locks,
      TaskStore tasks,
      ProcessedCommands processed,
      TaskCommandValidator validator,
      TaskSchedules scheduler,
      CrashPoints crashPoints,
      ProducerAuthorization authorization,
      WebhookSecretIntake secrets) {
    this.transactions = transactions;
    this.locks = locks;
    this.tasks = tasks;
    this.processed = processed;
    this.validator = validator;
    this.scheduler = scheduler;
    this.crashPoints = crashPoints;
    this.authorization = authorization;
    this.secrets = secrets;
  }

  Decision handle(TaskCommand command, ProcessedCommands.Source source, CommandSource from) {
    return transactions.execute(status -> decide(command, source, from));
  }

  private Decision decide(
      TaskCommand command, ProcessedCommands.Source source, CommandSource from) {
    locks.lock(command.getTaskId());
    var seen = processed.find(command.getCommandId());
    if (seen.isPresent()) {
      // The same record again: its result's transaction was aborted, publish the stored one.
      // Another record with a command id already answered: a repeat, answered DUPLICATE.
      return seen.get().redeliveryOf(source)
          ? new Decision(seen.get().outcome())
          : new Decision(new CommandOutcome.Duplicate());
    }
    Optional<UUID> taskId = TaskCommandValidator.taskId(command);
    Optional<Task> stored = taskId.flatMap(tasks::find);
    // Ownership first: a command on another producer's task is answered as if it did not exist.
    Optional<Task> current = authorization.visibleTo(from, stored);
    List<Rejection> reasons = authorization.check(from, command, stored);
    if (reasons.isEmpty()) {
      reasons = new ArrayList<>(validator.validate(command, current));
      reasons.addAll(secrets.check(command));
    }
    Optional<String> noChange = TaskCommandValidator.alreadyHolds(command, current);
    CommandOutcome outcome;
    if (!reasons.isEmpty()) {
      outcome = new CommandOutcome.Rejected(reasons);
    } else if (noChange.isPresent()) {
      outcome = CommandOutcome.Applied.noChange(noChange.get());
    } else {
      outcome = applyUnlessRefused(command, taskId.orElseThrow(), current.orElse(null));
    }
    crashPoints.reach(CrashPoints.BEFORE_DB_COMMIT);
    processed.record(
        command.getCommandId(), command.getTaskId(), CommandTypes.of(command), outcome, source);
    return new Decision(outcome);
  }

  /**
   * Temporal is called before any database write, so a refusal leaves nothing to undo: the command
   * is answered REJECTED, and the next command on the partition goes on.
   */
  private CommandOutcome applyUnlessRefused(TaskCommand command, UUID taskId, Task current) {
    try {
      return apply(command, taskId, current);
    } catch (RuntimeException e) {
      String refusal = TemporalRefusals.reason(e).orElseThrow(() -> e);
      boolean schedule =
          command.getCommand() instanceof CreateTask || command.getCommand() instanceof UpdateTask;
      return new CommandOutcome.Rejected(
          List.of(new Rejection(schedule ? "command.schedule" : "task", refusal)));
    }
  }

  private CommandOutcome apply(TaskCommand command, UUID taskId, Task current) {
    switch (command.getCommand()) {
      case CreateTask create -> {
        Task task = TaskDefinitions.fromCreate(taskId, create);
        scheduler.ensure(task);
        tasks.upsert(secrets.protect(task));
      }
      case UpdateTask update -> {
        Task updated = TaskDefinitions.applyUpdate(current, update);
        if (TaskDefinitions.scheduleChanged(current, updated)) {
          scheduler.ensure(updated);
        }
        tasks.upsert(secrets.protect(updated));
      }
      case PauseTask pause -> {
        scheduler.setPaused(current, true);
        tasks.updateStatus(taskId, TaskStatus.PAUSED);
      }
      case ResumeTask resume -> {
        scheduler.setPaused(current, false);
        tasks.updateStatus(taskId, TaskStatus.ACTIVE);
      }
      case DeleteTask delete -> {
        scheduler.delete(taskId);
        tasks.updateStatus(taskId, TaskStatus.DELETED);
      }
      case RunTaskNow run -> {
        Optional<String> lastRun =
            processed
                .lastRunNow(command.getTaskId())
                .map(id -> TaskSchedules.manualRunId(command.getTaskId(), id));
        if (scheduler.runNow(current, command.getCommandId(), lastRun)
            instanceof RunNow.Busy busy) {
          return new CommandOutcome.Rejected(
              List.of(
                  new Rejection(
                      "task",
                      ("a run of this task is still in progress (workflow %s); send RunTaskNow"
                              + " again after its TaskExecuted")
                          .formatted(busy.openWorkflowId()))));
        }
      }
      default -> throw new IllegalStateException("validated command of unknown type");
    }
    return new CommandOutcome.Applied();
  }
}
