package io.torale.worker.publish;

import io.temporal.activity.ActivityInterface;

/** Writes a run's outcome to PostgreSQL and Kafka. */
@ActivityInterface
public interface PublishActivities {

  /**
   * Publishes {@code ConditionMet} on {@code torale.condition-met.v1} (key: task id), then stores
   * the finding as the task's last notified one. Idempotency key: the execution id — the event id
   * is derived from it ({@link EventIds#conditionMet}), so a retry republishes the same event id
   * and the notifier delivers it once; the state write is an upsert of the same values.
   */
  void sendNotification(Notification notification);

  /**
   * Upserts the run into {@code task_runs} and publishes {@code TaskExecuted} on {@code
   * torale.task-executions.v1} (key: task id). Idempotency key: the execution id (the row's primary
   * key and the record's {@code executionId}); a retry may publish the same record twice, which
   * readers recognise by its execution id.
   */
  void recordRun(RunRecord run);
}
