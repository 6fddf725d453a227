package io.torale.commandconsumer.completion;

import io.torale.commandconsumer.schedule.TaskSchedules;
import io.torale.commandconsumer.task.TaskLocks;
import io.torale.commandconsumer.task.TaskStore;
import io.torale.platform.task.Task;
import io.torale.platform.task.TaskStatus;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Completes a {@code ONCE} task after its notification, on the worker's request. This service is
 * the one writer of task state: the completion takes the task's lock like every command does, so an
 * UpdateTask being applied at the same moment either comes first (and the completion then removes
 * its schedule) or comes after (and is refused: the task is completed); it can never write an older
 * status back. Idempotent: completing a completed or deleted task changes nothing.
 */
@Component
public class TaskCompletions {

  /** What a completion request found and left. */
  public enum Completion {
    COMPLETED,
    ALREADY_COMPLETED,
    DELETED
  }

  private final TransactionTemplate transactions;
  private final TaskLocks locks;
  private final TaskStore tasks;
  private final TaskSchedules scheduler;

  TaskCompletions(
      TransactionTemplate transactions, TaskLocks locks, TaskStore tasks, TaskSchedules scheduler) {
    this.transactions = transactions;
    this.locks = locks;
    this.tasks = tasks;
    this.scheduler = scheduler;
  }

  /** Empty when no task has this id. */
  public Optional<Completion> complete(UUID taskId) {
    return transactions.execute(
        status -> {
          locks.lock(taskId.toString());
          Optional<Task> task = tasks.find(taskId);
          if (task.isEmpty()) {
            return Optional.empty();
          }
          return Optional.of(
              switch (task.get().status()) {
                case COMPLETED -> Completion.ALREADY_COMPLETED;
                case DELETED -> Completion.DELETED;
                case ACTIVE, PAUSED -> {
                  // Temporal first, as commands do: a failure leaves the row for the retry.
                  scheduler.delete(taskId);
                  tasks.updateStatus(taskId, TaskStatus.COMPLETED);
                  yield Completion.COMPLETED;
                }
              });
        });
  }
}
