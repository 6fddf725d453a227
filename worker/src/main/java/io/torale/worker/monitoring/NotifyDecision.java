package io.torale.worker.monitoring;

import io.torale.platform.task.NotifyBehavior;

/**
 * The third of a run's three decisions: given whether the condition holds and whether the finding
 * is new, does the task's {@code notifyBehavior} call for a notification? Pure, so the workflow can
 * call it and tests can table it.
 */
public final class NotifyDecision {

  private NotifyDecision() {}

  /**
   * @param behavior the task's; null (no stored task has it) acts as {@code ONCE}, the schema's
   *     default
   * @param conditionMet whether the condition holds in this run
   * @param changed whether the finding differs from the one at the last notification (true when the
   *     task never notified)
   * @param notifiedBefore whether the task has ever notified
   */
  public static boolean shouldNotify(
      NotifyBehavior behavior, boolean conditionMet, boolean changed, boolean notifiedBefore) {
    if (!conditionMet) {
      return false;
    }
    return switch (behavior == null ? NotifyBehavior.ONCE : behavior) {
      case ALWAYS -> true;
      case ON_CHANGE -> changed;
      // A ONCE task completes after its notification; a run that still sees it active (a
      // completion that failed half-way) must not notify a second time.
      case ONCE -> !notifiedBefore;
    };
  }
}
