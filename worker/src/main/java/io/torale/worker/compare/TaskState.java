package io.torale.worker.compare;

import java.time.Instant;

/** A task's row in {@code task_state}: its last check and its last notified finding. */
public record TaskState(
    Instant lastCheckedAt,
    String lastNotifiedHash,
    String lastNotifiedState,
    Instant lastNotifiedAt) {

  public static final TaskState NONE = new TaskState(null, null, null, null);

  public boolean notifiedBefore() {
    return lastNotifiedHash != null;
  }
}
