package io.torale.commandconsumer.reconcile;

import java.util.List;

/**
 * What one reconciliation repaired, by task id.
 *
 * @param schedulesDeleted schedules whose task is missing, deleted or completed
 * @param schedulesCreated active or paused tasks that had no schedule
 * @param pauseFixed schedules whose paused state disagreed with the task
 * @param specFixed schedules whose cron or time zone disagreed with the task
 * @param tasksRead active and paused tasks read (in pages) from the tasks table
 * @param schedulesListed Torale schedules in the schedule listing (read in pages)
 * @param schedulesDescribed candidates described and decided under their task's lock: tasks or
 *     schedules that are missing, extra or listed out of step (each one Temporal describe)
 */
public record ReconcileReport(
    List<String> schedulesDeleted,
    List<String> schedulesCreated,
    List<String> pauseFixed,
    List<String> specFixed,
    int tasksRead,
    int schedulesListed,
    int schedulesDescribed) {

  public boolean repairedAnything() {
    return !schedulesDeleted.isEmpty()
        || !schedulesCreated.isEmpty()
        || !pauseFixed.isEmpty()
        || !specFixed.isEmpty();
  }
}
