package io.torale.commandconsumer.reconcile;

import java.util.List;

/**
 * What one reconciliation repaired, by task id.
 *
 * @param schedulesDeleted schedules whose task is missing, deleted or completed
 * @param schedulesCreated active or paused tasks that had no schedule
 * @param pauseFixed schedules whose paused state disagreed with the task
 * @param specFixed schedules whose cron or time zone disagreed with the task
 */
public record ReconcileReport(
    List<String> schedulesDeleted,
    List<String> schedulesCreated,
    List<String> pauseFixed,
    List<String> specFixed) {

  public boolean repairedAnything() {
    return !schedulesDeleted.isEmpty()
        || !schedulesCreated.isEmpty()
        || !pauseFixed.isEmpty()
        || !specFixed.isEmpty();
  }
}
