package io.torale.worker.finding;

import java.time.Instant;

/**
 * A task's row in {@code task_state}: its last check, its finding schema and its last notified
 * finding.
 *
 * @param findingSchema null until the first verdict call designed one
 */
public record TaskState(
    Instant lastCheckedAt,
    String lastNotifiedHash,
    String lastNotifiedState,
    Instant lastNotifiedAt,
    FindingSchema findingSchema,
    NotifiedFinding lastNotified) {

  public static final TaskState NONE = new TaskState(null, null, null, null, null, null);

  public boolean notifiedBefore() {
    return lastNotifiedHash != null;
  }
}
