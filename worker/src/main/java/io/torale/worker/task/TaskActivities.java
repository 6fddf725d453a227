package io.torale.worker.task;

import io.temporal.activity.ActivityInterface;

/** Reads and finishes tasks. Both methods are idempotent by task id. */
@ActivityInterface
public interface TaskActivities {

  /**
   * The task and its last check, read fresh. Fails non-retryably ({@code TaskNotFound}) when the
   * task does not exist. Read-only, so any retry is safe.
   */
  TaskSnapshot getTask(String taskId);

  /**
   * Completes a {@code ONCE} task after its notification, by asking command-consumer (the one
   * writer of task state, serialised with the task's commands): status {@code COMPLETED} and its
   * schedule deleted (already gone counts as done). Idempotency key: the task id; repeating it
   * changes nothing.
   */
  void completeTask(String taskId);
}
