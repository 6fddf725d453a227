package io.torale.commandconsumer.reconcile;

import io.temporal.client.schedules.ScheduleListDescription;
import io.torale.commandconsumer.schedule.TaskSchedules;
import io.torale.commandconsumer.task.TaskLocks;
import io.torale.platform.monitoring.ScheduleIds;
import io.torale.platform.task.StoredTask;
import io.torale.platform.task.TaskStatus;
import io.torale.platform.task.TaskStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Repairs drift between the {@code tasks} table (the truth) and Temporal schedules: a schedule
 * without an active or paused task is deleted, an active or paused task without a schedule gets
 * one, and a paused state that disagrees is set to the task's. Each repair re-reads the task and
 * the schedule under the task's lock, so a command being applied at the same moment is never
 * mistaken for drift. Safe to run on several instances at once.
 */
@Component
public class Reconciler {

  private static final Logger log = LoggerFactory.getLogger(Reconciler.class);
  private static final List<TaskStatus> LIVE = List.of(TaskStatus.ACTIVE, TaskStatus.PAUSED);

  private final TaskStore tasks;
  private final TaskSchedules scheduler;
  private final TaskLocks locks;
  private final TransactionTemplate transactions;

  Reconciler(
      TaskStore tasks, TaskSchedules scheduler, TaskLocks locks, TransactionTemplate transactions) {
    this.tasks = tasks;
    this.scheduler = scheduler;
    this.locks = locks;
    this.transactions = transactions;
  }

  public synchronized ReconcileReport reconcile() {
    Map<UUID, ScheduleListDescription> schedules =
        scheduler.list().stream()
            .collect(
                Collectors.toMap(
                    s -> UUID.fromString(ScheduleIds.taskIdOf(s.getScheduleId()).orElseThrow()),
                    Function.identity(),
                    (a, b) -> a));
    Map<UUID, StoredTask> live =
        tasks.findByStatus(LIVE).stream()
            .collect(Collectors.toMap(StoredTask::id, Function.identity()));
    var deleted = new ArrayList<String>();
    var created = new ArrayList<String>();
    var pauseFixed = new ArrayList<String>();
    for (UUID taskId : schedules.keySet()) {
      StoredTask task = live.get(taskId);
      if (task == null) {
        repair(taskId, deleted);
      } else if (schedules.get(taskId).getSchedule().getState().isPaused()
          != (task.status() == TaskStatus.PAUSED)) {
        repair(taskId, pauseFixed);
      }
    }
    for (UUID taskId : live.keySet()) {
      if (!schedules.containsKey(taskId)) {
        repair(taskId, created);
      }
    }
    var report = new ReconcileReport(deleted, created, pauseFixed);
    if (report.repairedAnything()) {
      log.warn("Reconciler repaired drift: {}", report);
    }
    return report;
  }

  /**
   * Re-reads both sides under the task's lock and makes the schedule match; records what it did.
   */
  private void repair(UUID taskId, List<String> repaired) {
    boolean changed =
        Boolean.TRUE.equals(
            transactions.execute(
                status -> {
                  locks.lock(taskId.toString());
                  Optional<StoredTask> task =
                      tasks.find(taskId).filter(t -> LIVE.contains(t.status()));
                  var schedule = scheduler.describe(taskId);
                  if (task.isEmpty()) {
                    schedule.ifPresent(s -> scheduler.delete(taskId));
                    return schedule.isPresent();
                  }
                  boolean paused = task.get().status() == TaskStatus.PAUSED;
                  if (schedule.isEmpty()) {
                    scheduler.ensure(task.get());
                    return true;
                  }
                  if (schedule.get().getSchedule().getState().isPaused() != paused) {
                    scheduler.setPaused(task.get(), paused);
                    return true;
                  }
                  return false;
                }));
    if (changed) {
      repaired.add(taskId.toString());
    }
  }
}
