package io.torale.commandconsumer.intake;

import io.torale.commandconsumer.schedule.TaskSchedules;
import io.torale.commandconsumer.schedule.TaskSchedules.RunNow;
import io.torale.commandconsumer.task.TaskDefinitions;
import io.torale.commandconsumer.task.TaskLocks;
import io.torale.commandconsumer.validation.Rejection;
import io.torale.commandconsumer.validation.TaskCommandValidator;
import io.torale.platform.task.Task;
import io.torale.platform.task.TaskStatus;
import io.torale.platform.task.TaskStore;
import io.torale.schemas.v1.CreateTask;
import io.torale.schemas.v1.DeleteTask;
import io.torale.schemas.v1.PauseTask;
import io.torale.schemas.v1.ResumeTask;
import io.torale.schemas.v1.RunTaskNow;
import io.torale.schemas.v1.TaskCommand;
import io.torale.schemas.v1.UpdateTask;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Applies one command, in an order that converges after a crash at any point: in one database
 * transaction, holding the task's lock, it reads the task, validates, calls Temporal (idempotent
 * operations), then writes the task and records the command id. Only when both Temporal and the
 * database hold the result does it return; a crash before the commit leaves the database as it was,
 * so the redelivered command passes the same validation and repeats the (idempotent) Temporal call.
 */
@Component
class CommandHandler {

  /** The outcome, and whether it still has to be published (and marked so) by the caller. */
  record Decision(CommandOutcome outcome, boolean unpublished) {}

  private final TransactionTemplate transactions;
  private final TaskLocks locks;
  private final TaskStore tasks;
  private final ProcessedCommands processed;
  private final TaskCommandValidator validator;
  private final TaskSchedules scheduler;

  CommandHandler(
      TransactionTemplate transactions,
      TaskLocks locks,
      TaskStore tasks,
      ProcessedCommands processed,
      TaskCommandValidator validator,
      TaskSchedules scheduler) {
    this.transactions = transactions;
    this.locks = locks;
    this.tasks = tasks;
    this.processed = processed;
    this.validator = validator;
    this.scheduler = scheduler;
  }

  Decision handle(TaskCommand command) {
    return transactions.execute(status -> decide(command));
  }

  private Decision decide(TaskCommand command) {
    locks.lock(command.getTaskId());
    var seen = processed.find(command.getCommandId());
    if (seen.isPresent()) {
      // Answered before. If the result never reached Kafka (crash after commit), send it now.
      return seen.get().resultPublished()
          ? new Decision(new CommandOutcome.Duplicate(), false)
          : new Decision(seen.get().outcome(), true);
    }
    Optional<UUID> taskId = TaskCommandValidator.taskId(command);
    Optional<Task> current = taskId.flatMap(tasks::find);
    List<Rejection> reasons = validator.validate(command, current);
    CommandOutcome outcome =
        reasons.isEmpty()
            ? apply(command, taskId.orElseThrow(), current.orElse(null))
            : new CommandOutcome.Rejected(reasons);
    processed.record(
        command.getCommandId(), command.getTaskId(), CommandTypes.of(command), outcome);
    return new Decision(outcome, true);
  }

  private CommandOutcome apply(TaskCommand command, UUID taskId, Task current) {
    switch (command.getCommand()) {
      case CreateTask create -> {
        Task task = TaskDefinitions.fromCreate(taskId, create);
        scheduler.ensure(task);
        tasks.upsert(task);
      }
      case UpdateTask update -> {
        Task updated = TaskDefinitions.applyUpdate(current, update);
        if (TaskDefinitions.scheduleChanged(current, updated)) {
          scheduler.ensure(updated);
        }
        tasks.upsert(updated);
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
        if (scheduler.runNow(current, command.getCommandId()) instanceof RunNow.Busy busy) {
          return new CommandOutcome.Rejected(
              List.of(
                  new Rejection(
                      "task",
                      "a run of this task is in progress (%s); try again when it ends"
                          .formatted(busy.openWorkflowId()))));
        }
      }
      default -> throw new IllegalStateException("validated command of unknown type");
    }
    return new CommandOutcome.Applied();
  }
}
