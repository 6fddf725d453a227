package io.torale.commandconsumer.reconcile;

import static io.torale.testsupport.commands.Commands.validCreate;
import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.client.schedules.ScheduleOptions;
import io.temporal.client.schedules.ScheduleUpdate;
import io.torale.commandconsumer.schedule.ScheduleSpecs;
import io.torale.commandconsumer.support.ConsumerIT;
import io.torale.commandconsumer.task.TaskDefinitions;
import io.torale.platform.monitoring.ScheduleIds;
import io.torale.platform.task.Task;
import io.torale.platform.task.TaskStatus;
import io.torale.schemas.v1.CommandOutcome;
import io.torale.schemas.v1.Schedule;
import io.torale.testsupport.commands.Commands;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class ReconcilerIT extends ConsumerIT {

  @Autowired Reconciler reconciler;

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
