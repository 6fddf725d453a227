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

  /**
   * The end of a run in one activity (workflow version {@code lean-run}): {@link #sendNotification}
   * when {@code notification} is not null, then {@link #recordRun}, in that order on the task's
   * partition, as two activities would. One activity instead of two saves a round trip through
   * Temporal and three history events per notifying run. Idempotency key: the execution id, as for
   * both; a retry after a failure between the two sends republishes the same {@code ConditionMet}
   * event id, which the notifier delivers once.
   *
   * @param notification null when the run does not notify
   */
  void finishRun(Notification notification, RunRecord run);
}
