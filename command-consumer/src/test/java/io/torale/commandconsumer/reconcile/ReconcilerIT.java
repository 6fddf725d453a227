package io.torale.commandconsumer.reconcile;

import static io.torale.testsupport.commands.Commands.validCreate;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.temporal.client.schedules.ScheduleOptions;
import io.temporal.client.schedules.ScheduleUpdate;
import io.torale.commandconsumer.schedule.ObservedSchedule;
import io.torale.commandconsumer.schedule.ScheduleSpecs;
import io.torale.commandconsumer.schedule.TaskSchedules;
import io.torale.commandconsumer.support.ConsumerIT;
import io.torale.commandconsumer.task.TaskDefinitions;
import io.torale.commandconsumer.task.TaskLocks;
import io.torale.platform.monitoring.ScheduleIds;
import io.torale.platform.task.Task;
import io.torale.platform.task.TaskStatus;
import io.torale.schemas.v1.CommandOutcome;
import io.torale.schemas.v1.Schedule;
import io.torale.testsupport.commands.Commands;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The reconciler against the real dev server and database. A pass finds drift through the schedule
 * listing, which lags a change by a moment (the visibility store), so each test waits until the
 * listing shows the drift it made before running a pass, as a periodic pass would see it.
 */
class ReconcilerIT extends ConsumerIT {

  @Autowired Reconciler reconciler;
  @Autowired TaskSchedules scheduler;
  @Autowired TaskLocks locks;
  @Autowired TransactionTemplate transactions;

  /** Waits until the listing shows the task's schedule as {@code expected} says. */
  private void awaitListed(String taskId, Predicate<Optional<ObservedSchedule>> expected) {
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () ->
                expected.test(
                    Optional.ofNullable(
                        scheduler.listObserved(1000).get(UUID.fromString(taskId)))));
  }

  private void awaitListedAbsent(String taskId) {
    awaitListed(taskId, Optional::isEmpty);
  }

  private void awaitListedPaused(String taskId, boolean paused) {
    awaitListed(taskId, s -> s.isPresent() && s.get().paused() == paused);
  }

  private void awaitListedInZone(String taskId, String zone, int hourThere) {
    awaitListed(
        taskId,
        s ->
            s.isPresent()
                && s.get().timeZone().equals(zone)
                && !s.get().nextActionTimes().isEmpty()
                && s.get().nextActionTimes().getFirst().atZone(ZoneId.of(zone)).getHour()
                    == hourThere);
  }

  private void createScheduleBehindItsBack(Task task) {
    schedules.createSchedule(
        ScheduleIds.forTask(task.id().toString()),
        ScheduleSpecs.forTask(task, Duration.ofMinutes(1)),
        ScheduleOptions.newBuilder().build());
  }

  private String activeTask() {
    String taskId = newTaskId();
    applyExpecting(Commands.create(taskId), CommandOutcome.APPLIED);
    return taskId;
  }

  private String pausedTask() {
    String taskId = activeTask();
    applyExpecting(Commands.pause(taskId), CommandOutcome.APPLIED);
    return taskId;
  }

  @Test
  void deletesASchedulewithoutATask() {
    Task orphan = TaskDefinitions.fromCreate(UUID.randomUUID(), validCreate().build());
    createScheduleBehindItsBack(orphan);
    awaitListed(orphan.id().toString(), Optional::isPresent);

    var report = reconciler.reconcile();

    assertThat(report.schedulesDeleted()).contains(orphan.id().toString());
    assertThat(scheduleExists(orphan.id().toString())).isFalse();
  }

  @Test
  void deletesTheScheduleOfADeletedOrCompletedTask() {
    String deleted = activeTask();
    tasks.updateStatus(UUID.fromString(deleted), TaskStatus.COMPLETED);

    var report = reconciler.reconcile();

    assertThat(report.schedulesDeleted()).contains(deleted);
    assertThat(scheduleExists(deleted)).isFalse();
  }

  @Test
  void createsTheMissingScheduleOfAnActiveOrPausedTask() {
    String active = activeTask();
    String paused = pausedTask();
    schedules.getHandle(ScheduleIds.forTask(active)).delete();
    schedules.getHandle(ScheduleIds.forTask(paused)).delete();
    awaitListedAbsent(active);
    awaitListedAbsent(paused);

    var report = reconciler.reconcile();

    assertThat(report.schedulesCreated()).contains(active, paused);
    assertThat(describe(active).getSchedule().getState().isPaused()).isFalse();
    assertThat(describe(paused).getSchedule().getState().isPaused()).isTrue();
    assertThat(describe(active).getSchedule().getSpec().getTimeZoneName())
        .isEqualTo("Europe/Berlin");
  }

  @Test
  void fixesAPausedStateThatDisagrees() {
    String active = activeTask();
    String paused = pausedTask();
    schedules.getHandle(ScheduleIds.forTask(active)).pause("drift");
    schedules.getHandle(ScheduleIds.forTask(paused)).unpause("drift");
    awaitListedPaused(active, true);
    awaitListedPaused(paused, false);

    var report = reconciler.reconcile();

    assertThat(report.pauseFixed()).contains(active, paused);
    assertThat(describe(active).getSchedule().getState().isPaused()).isFalse();
    assertThat(describe(paused).getSchedule().getState().isPaused()).isTrue();
    assertThat(reconciler.reconcile().pauseFixed()).doesNotContain(active, paused);
  }

  @Test
  void makesAScheduleWhoseCronOrTimeZoneDriftedMatchTheTaskAgain() {
    String cronDrift = newTaskId();
    String zoneDrift = newTaskId();
    applyExpecting(Commands.create(cronDrift), CommandOutcome.APPLIED);
    applyExpecting(Commands.create(zoneDrift), CommandOutcome.APPLIED);
    changeScheduleBehindItsBack(cronDrift, new Schedule("15 4 * * *", "Europe/Berlin"));
    changeScheduleBehindItsBack(zoneDrift, new Schedule("0 9 * * *", "Asia/Tokyo"));
    String untouched = newTaskId();
    applyExpecting(Commands.create(untouched), CommandOutcome.APPLIED);
    awaitListedInZone(cronDrift, "Europe/Berlin", 4);
    awaitListedInZone(zoneDrift, "Asia/Tokyo", 9);

    var report = reconciler.reconcile();

    assertThat(report.specFixed()).contains(cronDrift, zoneDrift).doesNotContain(untouched);
    for (String taskId : List.of(cronDrift, zoneDrift)) {
      var schedule = describe(taskId);
      assertThat(schedule.getSchedule().getSpec().getTimeZoneName()).isEqualTo("Europe/Berlin");
      assertThat(schedule.getInfo().getNextActionTimes())
          .isNotEmpty()
          .allSatisfy(
              next -> {
                var berlin = next.atZone(ZoneId.of("Europe/Berlin"));
                assertThat(berlin.getHour()).isEqualTo(9);
                assertThat(berlin.getMinute()).isZero();
              });
    }
    // Repaired means in agreement: the next round finds nothing to fix.
    assertThat(reconciler.reconcile().specFixed()).doesNotContain(cronDrift, zoneDrift, untouched);
  }

  @Test
  void describesOnlyTheSchedulesTheListingShowsOutOfStep() {
    List<String> inStep = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      inStep.add(activeTask());
    }
    String drifted = activeTask();
    inStep.forEach(taskId -> awaitListedPaused(taskId, false));
    // Whatever earlier tests left out of step is repaired first, so this pass starts in agreement.
    reconciler.reconcile();
    schedules.getHandle(ScheduleIds.forTask(drifted)).pause("drift");
    awaitListedPaused(drifted, true);

    var report = reconciler.reconcile();

    assertThat(report.pauseFixed()).containsExactly(drifted);
    assertThat(describe(drifted).getSchedule().getState().isPaused()).isFalse();
    assertThat(report.schedulesListed()).isGreaterThanOrEqualTo(inStep.size() + 1);
    assertThat(report.tasksRead()).isGreaterThanOrEqualTo(inStep.size() + 1);
    // One describe for the drifted schedule, not one per task as a pass used to make.
    assertThat(report.schedulesDescribed()).isEqualTo(1);
  }

  @Test
  void readsTasksInPagesAcrossPageBoundaries() {
    // More live tasks than one page of the test's pass, so the keyset paging has to move on.
    List<String> created = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      created.add(activeTask());
    }
    var paged =
        new Reconciler(
            tasks,
            scheduler,
            locks,
            transactions,
            new ReconcileProperties(false, Duration.ofHours(1), 2, 2));
    created.forEach(taskId -> awaitListedPaused(taskId, false));
    String lost = created.get(3);
    schedules.getHandle(ScheduleIds.forTask(lost)).delete();
    awaitListedAbsent(lost);

    var report = paged.reconcile();

    assertThat(report.tasksRead()).isEqualTo(reconciler.reconcile().tasksRead());
    assertThat(report.schedulesCreated()).contains(lost);
    assertThat(scheduleExists(lost)).isTrue();
  }

  private void changeScheduleBehindItsBack(String taskId, Schedule schedule) {
    Task drifted =
        TaskDefinitions.fromCreate(
            UUID.fromString(taskId), validCreate().setSchedule(schedule).build());
    schedules
        .getHandle(ScheduleIds.forTask(taskId))
        .update(
            input ->
                new ScheduleUpdate(
                    ScheduleSpecs.forTask(drifted, Duration.ofMinutes(1)),
                    ScheduleSpecs.searchAttributes(taskId)));
  }
}
