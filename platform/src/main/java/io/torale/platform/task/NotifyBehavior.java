package io.torale.platform.task;

/** When a run whose condition holds notifies. */
public enum NotifyBehavior {
  /** The first time only; then the task completes and its schedule is removed. */
  ONCE,
  /** Every run where the condition holds. */
  ALWAYS,
  /** When the condition holds and the finding differs from the one last notified. */
  ON_CHANGE
}
