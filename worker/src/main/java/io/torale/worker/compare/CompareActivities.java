package io.torale.worker.compare;

import io.temporal.activity.ActivityInterface;

/** Compares a run's finding with the finding at the task's last notification. */
@ActivityInterface
public interface CompareActivities {

  /**
   * Hashes the normalised state, compares it with the last notified hash and records that the task
   * was checked at {@code checkedAtMillis}. Idempotency key: (task id, execution id); a retry
   * writes the same check time and reads the same last notification.
   */
  Comparison compareStates(String taskId, String executionId, String state, long checkedAtMillis);
}
