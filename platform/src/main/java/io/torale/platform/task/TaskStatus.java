package io.torale.platform.task;

/** Lifecycle of a task. Only {@code ACTIVE} tasks run; the others end a run as skipped. */
public enum TaskStatus {
  ACTIVE,
  PAUSED,
  /** A {@code ONCE} task that has notified; its schedule is gone. */
  COMPLETED,
  DELETED;

  public boolean runs() {
    return this == ACTIVE;
  }
}
