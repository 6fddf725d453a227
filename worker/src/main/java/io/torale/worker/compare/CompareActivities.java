package io.torale.worker.compare;

import io.temporal.activity.ActivityInterface;
import io.torale.worker.search.Finding;

/** Compares a run's finding with the finding at the task's last notification. */
@ActivityInterface
public interface CompareActivities {

  /**
   * Hashes the normalised state, compares it with the last notified hash and records that the task
   * was checked at {@code checkedAtMillis}. Runs of workflow versions before typed findings call
   * this. Idempotency key: (task id, execution id); a retry writes the same check time and reads
   * the same last notification.
   */
  Comparison compareStates(String taskId, String executionId, String state, long checkedAtMillis);

  /**
   * Decides whether the finding is new against the last notified one: never notified → new; equal
   * canonical hash (typed fields, or the watched text) → not new, whatever the model said;
   * otherwise the verdict call's judgement in meaning, or "new" where no model judged. Keeps a
   * schema the finding designed (first one wins) and records the check time. Idempotency key: (task
   * id, execution id), as for {@link #compareStates}.
   */
  Comparison compareFinding(
      String taskId, String executionId, Finding finding, long checkedAtMillis);
}
