package io.torale.commandconsumer.reconcile;

import io.torale.commandconsumer.schedule.ObservedSchedule;
import io.torale.commandconsumer.schedule.ScheduleDrift;
import io.torale.commandconsumer.schedule.TaskSchedules;
import io.torale.commandconsumer.task.TaskLocks;
import io.torale.commandconsumer.task.TaskStore;
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
 *
 * <p>A pass reads both sides in pages (the schedule listing, whose entries carry each schedule's
 * time zone, next firings and paused flag, and the live tasks in id order) and compares them in
 * memory; only the schedules that are missing, extra or listed out of step are then described and
 * repaired. So a pass costs a round trip per page plus one per disagreement, not one per task. The
 * listing lags changes by a moment (Temporal's visibility store): drift made in that moment is
 * found by the next pass, and a listing still showing a change a command just made only costs a
 * describe. Each repair re-reads the task and the schedule under the task's lock, so a command
 * being applied at the same moment is never mistaken for drift. Safe to run on several instances at
 * once.
 */
@Component
public class Reconciler {

  private static final Logger log = LoggerFactory.getLogger(Reconciler.class);
  private static final List<TaskStatus> LIVE = List.of(TaskStatus.ACTIVE, TaskStatus.PAUSED);
  private static final UUID BEFORE_ALL = new UUID(0, 0);

  private final TaskStore tasks;
  private final TaskSchedules scheduler;
  private final TaskLocks locks;
  private final TransactionTemplate transactions;
  private final int parallelism;
  private final int pageSize;

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
    this.pageSize = properties.pageSize();
  }

  public synchronized ReconcileReport reconcile() {
    long start = System.nanoTime();
    Map<UUID, ObservedSchedule> listed = scheduler.listObserved(pageSize);
    int schedulesListed = listed.size();
    long listedAt = System.nanoTime();
    Set<UUID> candidates = new TreeSet<>();
    int tasksRead = 0;
    UUID after = BEFORE_ALL;
    for (List<Task> page; !(page = tasks.findByStatusPage(LIVE, after, pageSize)).isEmpty(); ) {
      for (Task task : page) {
        ObservedSchedule schedule = listed.remove(task.id());
        if (schedule == null || !inStep(task, schedule)) {
          candidates.add(task.id());
        }
      }
      tasksRead += page.size();
      after = page.getLast().id();
    }
    // Listed schedules no live task claimed: their task is missing, deleted or completed.
    candidates.addAll(listed.keySet());
    long comparedAt = System.nanoTime();
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
    var report =
        new ReconcileReport(
            deleted, created, pauseFixed, specFixed, tasksRead, schedulesListed, candidates.size());
    log.info(
        "Reconciler pass: listed {} schedules in {} ms, read and compared {} tasks in {} ms,"
            + " described {} candidates in {} ms",
        schedulesListed,
        (listedAt - start) / 1_000_000,
        tasksRead,
        (comparedAt - listedAt) / 1_000_000,
        candidates.size(),
        (System.nanoTime() - comparedAt) / 1_000_000);
    if (report.repairedAnything()) {
      log.warn("Reconciler repaired drift: {}", report);
    }
    return report;
  }

  /** Whether the listing shows the schedule as the task wants it (only a candidate test). */
  private static boolean inStep(Task task, ObservedSchedule listed) {
    return listed.paused() == (task.status() == TaskStatus.PAUSED)
        && !ScheduleDrift.listedDiffers(task, listed);
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
   * of them are checked at once: when many disagree (a first start against a restored database, a
   * wiped Temporal namespace) doing them one after another would take minutes. The first failure
   * ends the pass.
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
