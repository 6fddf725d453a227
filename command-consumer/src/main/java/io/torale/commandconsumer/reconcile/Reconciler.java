package io.torale.commandconsumer.reconcile;

import io.torale.commandconsumer.schedule.ScheduleDrift;
import io.torale.commandconsumer.schedule.TaskSchedules;
import io.torale.commandconsumer.task.TaskLocks;
import io.torale.commandconsumer.task.TaskStore;
import io.torale.platform.monitoring.ScheduleIds;
import io.torale.platform.task.Task;
import io.torale.platform.task.TaskStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Repairs drift between the {@code tasks} table (the truth) and Temporal schedules: a schedule
 * without an active or paused task is deleted, an active or paused task without a schedule gets
 * one, and a schedule whose paused state, cron or time zone disagrees is made to match the task.
 * Each repair re-reads the task and the schedule under the task's lock, so a command being applied
 * at the same moment is never mistaken for drift. Safe to run on several instances at once.
 */
@Component
public class Reconciler {

  private static final Logger log = LoggerFactory.getLogger(Reconciler.class);
  private static final List<TaskStatus> LIVE = List.of(TaskStatus.ACTIVE, TaskStatus.PAUSED);

  private final TaskStore tasks;
  private final TaskSchedules scheduler;
  private final TaskLocks locks;
  private final TransactionTemplate transactions;
  private final int parallelism;

  Reconciler(
      TaskStore tasks,
      TaskSchedules scheduler,
      TaskLocks locks,
      TransactionTemplate transactions,
      ReconcileProperties properties) {
    this.tasks = tasks;
    this.scheduler = scheduler;
    this.locks = locks;
    this.transactions = transactions;
    this.parallelism = properties.parallelism();
  }

  public synchronized ReconcileReport reconcile() {
    // Both listings are only candidates: schedule listings come from Temporal's visibility store,
    // which lags (and its paused flag with it). Each candidate is decided by repair(), on fresh
    // reads.
    Set<UUID> candidates = new TreeSet<>();
    scheduler.list().stream()
        .map(s -> UUID.fromString(ScheduleIds.taskIdOf(s.getScheduleId()).orElseThrow()))
        .forEach(candidates::add);
    tasks.findByStatus(LIVE).forEach(task -> candidates.add(task.id()));
    var deleted = new ArrayList<String>();
    var created = new ArrayList<String>();
    var pauseFixed = new ArrayList<String>();
    var specFixed = new ArrayList<String>();
    for (var checked : repairAll(candidates)) {
      String taskId = checked.getKey().toString();
      switch (checked.getValue()) {
        case DELETED -> deleted.add(taskId);
        case CREATED -> created.add(taskId);
        case PAUSE_FIXED -> pauseFixed.add(taskId);
        case SPEC_FIXED -> specFixed.add(taskId);
        case NONE -> {}
      }
    }
    var report = new ReconcileReport(deleted, created, pauseFixed, specFixed);
    if (report.repairedAnything()) {
      log.warn("Reconciler repaired drift: {}", report);
    }
    return report;
  }

  private enum Repair {
    NONE,
    DELETED,
    CREATED,
    PAUSE_FIXED,
    SPEC_FIXED
  }

  /**
   * Each candidate is independent (its own lock, transaction and describe), so {@code parallelism}
   * of them are checked at once: with thousands of tasks the pass is a describe round trip per
   * task, and doing them one after another made it last minutes. The first failure ends the pass,
   * as before.
   */
  private List<Map.Entry<UUID, Repair>> repairAll(Set<UUID> candidates) {
    try (ForkJoinPool pool = new ForkJoinPool(parallelism)) {
      return pool.submit(
              () ->
                  candidates.parallelStream()
                      .map(taskId -> Map.entry(taskId, repair(taskId)))
                      .toList())
          .get();
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException failure
          ? failure
          : new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("reconciliation interrupted", e);
    }
  }

  /** Reads both sides under the task's lock and makes the schedule match the task. */
  private Repair repair(UUID taskId) {
    return transactions.execute(
        status -> {
          locks.lock(taskId.toString());
          Optional<Task> task = tasks.find(taskId).filter(t -> LIVE.contains(t.status()));
          var schedule = scheduler.describe(taskId);
          if (task.isEmpty()) {
            schedule.ifPresent(s -> scheduler.delete(taskId));
            return schedule.isPresent() ? Repair.DELETED : Repair.NONE;
          }
          if (schedule.isEmpty()) {
            scheduler.ensure(task.get());
            return Repair.CREATED;
          }
          if (ScheduleDrift.differs(task.get(), schedule.get(), Instant.now())) {
            // The whole schedule is replaced, paused state included.
            scheduler.ensure(task.get());
            return Repair.SPEC_FIXED;
          }
          boolean paused = task.get().status() == TaskStatus.PAUSED;
          if (schedule.get().getSchedule().getState().isPaused() != paused) {
            scheduler.setPaused(task.get(), paused);
            return Repair.PAUSE_FIXED;
          }
          return Repair.NONE;
        });
  }
}
