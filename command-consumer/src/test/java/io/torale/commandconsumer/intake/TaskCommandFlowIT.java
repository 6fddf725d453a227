package io.torale.commandconsumer.intake;

import static io.torale.testsupport.commands.Commands.validCreate;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
import io.temporal.client.WorkflowStub;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.torale.commandconsumer.schedule.ScheduleSpecs;
import io.torale.commandconsumer.support.ConsumerIT;
import io.torale.platform.monitoring.MonitoringWorkflow;
import io.torale.platform.monitoring.ScheduleIds;
import io.torale.platform.monitoring.TaskConfig;
import io.torale.platform.task.NotifyBehavior;
import io.torale.platform.task.Task;
import io.torale.platform.task.TaskSchedule;
import io.torale.platform.task.TaskSource;
import io.torale.platform.task.TaskStatus;
import io.torale.platform.task.TextMatch;
import io.torale.platform.tracing.TemporalTracePropagator;
import io.torale.schemas.Topics;
import io.torale.schemas.v1.CommandOutcome;
import io.torale.schemas.v1.Match;
import io.torale.schemas.v1.MatchType;
import io.torale.schemas.v1.Notifications;
import io.torale.schemas.v1.Reason;
import io.torale.schemas.v1.Schedule;
import io.torale.schemas.v1.Source;
import io.torale.schemas.v1.SourceType;
import io.torale.schemas.v1.UpdateTask;
import io.torale.schemas.v1.Webhook;
import io.torale.testsupport.commands.Commands;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class TaskCommandFlowIT extends ConsumerIT {

  @Nested
  class EachCommandType {

    @Test
    void createWritesTheTaskAndASchedule() {
      String taskId = newTaskId();
      applyExpecting(Commands.create(taskId), CommandOutcome.APPLIED);

      assertThat(task(taskId))
          .hasValueSatisfying(
              t -> {
                assertThat(t.status()).isEqualTo(TaskStatus.ACTIVE);
                assertThat(t.schedule()).isEqualTo(new TaskSchedule("0 9 * * *", "Europe/Berlin"));
                assertThat(t.notifications().webhooks().getFirst().url())
                    .isEqualTo(Commands.WEBHOOK_URL);
              });
      var description = describe(taskId);
      var schedule = description.getSchedule();
      assertThat(schedule.getSpec().getTimeZoneName()).isEqualTo("Europe/Berlin");
      // describe() returns the cron as a calendar: 09:00 every day.
      assertThat(schedule.getSpec().getCalendars()).hasSize(1);
      assertThat(schedule.getSpec().getCalendars().getFirst().getHour().getFirst().getStart())
          .isEqualTo(9);
      assertThat(schedule.getPolicy().getOverlap())
          .isEqualTo(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP);
      assertThat(schedule.getPolicy().getCatchupWindow()).isEqualTo(Duration.ofMinutes(1));
      assertThat(schedule.getState().isPaused()).isFalse();
      var action = (ScheduleActionStartWorkflow) schedule.getAction();
      assertThat(action.getWorkflowType()).isEqualTo("MonitoringWorkflow");
      assertThat(action.getOptions().getTaskQueue()).isEqualTo(MonitoringWorkflow.TASK_QUEUE);
      assertThat(action.getOptions().getWorkflowId()).isEqualTo(ScheduleIds.forTask(taskId));
      assertThat(action.getArguments().get(0, TaskConfig.class)).isEqualTo(new TaskConfig(taskId));
      assertThat(description.getMemo(ScheduleIds.TASK_ID_ATTRIBUTE, String.class))
          .isEqualTo(taskId);
      assertThat(description.getTypedSearchAttributes().get(ScheduleSpecs.TASK_ID))
          .isEqualTo(taskId);
    }

    @Test
    void updateChangesOnlyTheGivenFieldsAndReachesTheSchedule() {
      String taskId = newTaskId();
      applyExpecting(Commands.create(taskId), CommandOutcome.APPLIED);

      applyExpecting(
          Commands.update(
              taskId,
              UpdateTask.newBuilder()
                  .setName("renamed")
                  .setSchedule(new Schedule("30 7 * * 1-5", "America/New_York"))
                  .build()),
          CommandOutcome.APPLIED);

      assertThat(task(taskId))
          .hasValueSatisfying(
              t -> {
                assertThat(t.name()).isEqualTo("renamed");
                assertThat(t.schedule())
                    .isEqualTo(new TaskSchedule("30 7 * * 1-5", "America/New_York"));
                assertThat(t.searchQuery()).isEqualTo(validCreate().getSearchQuery());
                assertThat(t.notifications().emails()).containsExactly("ops@example.com");
              });
      var spec = describe(taskId).getSchedule().getSpec();
      assertThat(spec.getTimeZoneName()).isEqualTo("America/New_York");
      assertThat(spec.getCalendars().getFirst().getMinutes().getFirst().getStart()).isEqualTo(30);
      assertThat(spec.getCalendars().getFirst().getHour().getFirst().getStart()).isEqualTo(7);
    }

    @Test
    void aWebPageSourceIsStoredTypedWithItsMatchAndCanBecomeASearchAgain() {
      String taskId = newTaskId();
      applyExpecting(
          Commands.envelope(
              taskId,
              validCreate()
                  .setNotifyBehavior(io.torale.schemas.v1.NotifyBehavior.ON_CHANGE)
                  .setSource(
                      new Source(
                          SourceType.WEB_PAGE,
                          "https://example.com/status",
                          "#status",
                          new Match(MatchType.REGEX, "Status: \\w+")))
                  .build()),
          CommandOutcome.APPLIED);

      Task stored = task(taskId).orElseThrow();
      assertThat(stored.source())
          .isEqualTo(
              new TaskSource.WebPage(
                  "https://example.com/status",
                  "#status",
                  new TextMatch(io.torale.platform.task.MatchType.REGEX, "Status: \\w+")));
      assertThat(stored.notifyBehavior()).isEqualTo(NotifyBehavior.ON_CHANGE);

      applyExpecting(
          Commands.update(
              taskId,
              UpdateTask.newBuilder()
                  .setSource(new Source(SourceType.GROUNDED_SEARCH, null, null, null))
                  .build()),
          CommandOutcome.APPLIED);

      assertThat(task(taskId).orElseThrow().source()).isEqualTo(new TaskSource.GroundedSearch());
    }

    @Test
    void pauseAndResumeReachTheSchedule() {
      String taskId = newTaskId();
      applyExpecting(Commands.create(taskId), CommandOutcome.APPLIED);

      applyExpecting(Commands.pause(taskId), CommandOutcome.APPLIED);
      assertThat(describe(taskId).getSchedule().getState().isPaused()).isTrue();
      assertThat(task(taskId).orElseThrow().status()).isEqualTo(TaskStatus.PAUSED);

      applyExpecting(Commands.resume(taskId), CommandOutcome.APPLIED);
      assertThat(describe(taskId).getSchedule().getState().isPaused()).isFalse();
      assertThat(task(taskId).orElseThrow().status()).isEqualTo(TaskStatus.ACTIVE);
    }

    @Test
    void deleteRemovesTheScheduleAndMarksTheTaskDeleted() {
      String taskId = newTaskId();
      applyExpecting(Commands.create(taskId), CommandOutcome.APPLIED);

      applyExpecting(Commands.delete(taskId), CommandOutcome.APPLIED);

      assertThat(scheduleExists(taskId)).isFalse();
      assertThat(task(taskId).orElseThrow().status()).isEqualTo(TaskStatus.DELETED);
      var again = applyExpecting(Commands.delete(taskId), CommandOutcome.APPLIED);
      assertThat(again.getDetail()).isEqualTo("no change: the task is already deleted");
    }

    @Test
    void deleteOfATaskWhoseScheduleIsAlreadyGoneCountsAsDone() {
      String taskId = newTaskId();
      applyExpecting(Commands.create(taskId), CommandOutcome.APPLIED);
      schedules.getHandle(ScheduleIds.forTask(taskId)).delete();

      applyExpecting(Commands.delete(taskId), CommandOutcome.APPLIED);
      assertThat(task(taskId).orElseThrow().status()).isEqualTo(TaskStatus.DELETED);
    }

    @Test
    void runNowStartsOneRunPerCommandAndNeverTwoAtOnce() {
      String taskId = newTaskId();
      applyExpecting(Commands.create(taskId), CommandOutcome.APPLIED);

      var run = Commands.runNow(taskId);
      applyExpecting(run, CommandOutcome.APPLIED);
      String workflowId = ScheduleIds.forTask(taskId) + "-now-" + run.getCommandId();
      WorkflowStub stub = workflows.newUntypedWorkflowStub(workflowId);
      assertThat(stub.describe().getWorkflowType()).isEqualTo("MonitoringWorkflow");

      // No worker polls in this test: the first run stays open, so a second one must not start.
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () ->
                  workflows
                      .listExecutions(
                          "TaskId = '%s' AND ExecutionStatus = 'Running'".formatted(taskId))
                      .findAny()
                      .isPresent());
      var second = applyExpecting(Commands.runNow(taskId), CommandOutcome.REJECTED);
      assertThat(second.getReasons().getFirst().getMessage())
          .contains("in progress")
          .contains(workflowId);
      stub.terminate("test done");
    }

    @Test
    void runNowCarriesTheCommandsTraceIntoTheWorkflowHeader() {
      String taskId = newTaskId();
      applyExpecting(Commands.create(taskId), CommandOutcome.APPLIED);
      String traceId = "0af7651916cd43dd8448eb211c80319c";

      var run = Commands.runNow(taskId);
      bus.awaitResult(bus.publishTraced(run, "00-" + traceId + "-b7ad6b7169203331-01"));

      String workflowId = ScheduleIds.forTask(taskId) + "-now-" + run.getCommandId();
      var header =
          workflows
              .fetchHistory(workflowId)
              .getEvents()
              .getFirst()
              .getWorkflowExecutionStartedEventAttributes()
              .getHeader()
              .getFieldsMap();
      String traceparent = TemporalTracePropagator.traceparentOf(header);
      // The listener's span continues the record's trace; the workflow's parent is that span.
      assertThat(traceparent).startsWith("00-" + traceId + "-").doesNotContain("b7ad6b7169203331");
      workflows.newUntypedWorkflowStub(workflowId).terminate("test done");
    }

    @Test
    void createOverAnExistingScheduleMakesItMatchTheTask() {
      String taskId = newTaskId();
      var leftover =
          io.torale.commandconsumer.task.TaskDefinitions.fromCreate(
              java.util.UUID.fromString(taskId),
              validCreate().setSchedule(new Schedule("0 3 * * *", "Asia/Tokyo")).build());
      schedules.createSchedule(
          ScheduleIds.forTask(taskId),
          ScheduleSpecs.forTask(leftover.withStatus(TaskStatus.PAUSED), Duration.ofMinutes(5)),
          io.temporal.client.schedules.ScheduleOptions.newBuilder().build());

      applyExpecting(Commands.create(taskId), CommandOutcome.APPLIED);

      var schedule = describe(taskId).getSchedule();
      assertThat(schedule.getSpec().getTimeZoneName()).isEqualTo("Europe/Berlin");
      assertThat(schedule.getState().isPaused()).isFalse();
      assertThat(schedule.getPolicy().getCatchupWindow()).isEqualTo(Duration.ofMinutes(1));
    }
  }

  @Nested
  class Rejections {

    @Test
    void rejectsEachInvalidFieldWithItsOwnReason() {
      String taskId = newTaskId();
      var result =
          applyExpecting(
              Commands.envelope(
                  taskId,
                  validCreate()
                      .setName("")
                      .setSchedule(new Schedule("0 0 9 * * *", "Mars/Olympus"))
                      .setNotifications(
                          new Notifications(
                              List.of("not-an-email"),
                              List.of(new Webhook("http://hooks.example.com/x", null))))
                      .build()),
              CommandOutcome.REJECTED);

      assertThat(result.getReasons())
          .extracting(Reason::getField)
          .containsExactlyInAnyOrder(
              "command.name",
              "command.schedule.cron",
              "command.schedule.timeZone",
              "command.notifications.emails[0]",
              "command.notifications.webhooks[0].url");
      assertThat(task(taskId)).isEmpty();
      assertThat(scheduleExists(taskId)).isFalse();
    }

    @Test
    void rejectsTransitionsThatMakeNoSense() {
      String taskId = newTaskId();
      applyExpecting(Commands.pause(taskId), CommandOutcome.REJECTED);
      applyExpecting(Commands.create(taskId), CommandOutcome.APPLIED);
      applyExpecting(Commands.delete(newTaskId()), CommandOutcome.REJECTED);
      var create = applyExpecting(Commands.create(taskId), CommandOutcome.REJECTED);
      assertThat(create.getReasons().getFirst().getField()).isEqualTo("task");
      assertThat(describe(taskId).getSchedule().getState().isPaused()).isFalse();
    }
  }

  @Nested
  class Delivery {

    @Test
    void aRepeatedCommandIdIsAnsweredDuplicateAndNotAppliedAgain() {
      String taskId = newTaskId();
      var create = Commands.create(taskId);
      applyExpecting(create, CommandOutcome.APPLIED);
      applyExpecting(Commands.pause(taskId), CommandOutcome.APPLIED);

      bus.publish(create);
      await().atMost(Duration.ofSeconds(30)).until(() -> bus.resultsOf(create).size() == 2);
      assertThat(bus.resultsOf(create))
          .extracting(r -> r.getOutcome())
          .containsExactly(CommandOutcome.APPLIED, CommandOutcome.DUPLICATE);
      // Not applied again: the task stays paused.
      assertThat(task(taskId).orElseThrow().status()).isEqualTo(TaskStatus.PAUSED);
      assertThat(describe(taskId).getSchedule().getState().isPaused()).isTrue();
    }

    @Test
    void anUnreadableRecordGoesToTheDeadLetterTopicAndTheNextCommandIsApplied() {
      String taskId = newTaskId();
      byte[] garbage = "definitely not avro".getBytes(StandardCharsets.UTF_8);
      bus.publishRaw(taskId, garbage);

      applyExpecting(Commands.create(taskId), CommandOutcome.APPLIED);

      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> bus.deadLetters().stream().anyMatch(r -> taskId.equals(r.key())));
      var dead =
          bus.deadLetters().stream().filter(r -> taskId.equals(r.key())).findFirst().orElseThrow();
      assertThat(dead.topic()).isEqualTo(Topics.deadLetter(Topics.TASK_COMMANDS));
      assertThat(dead.value()).isEqualTo(garbage);
      assertThat(dead.headers().lastHeader("kafka_dlt-exception-fqcn")).isNotNull();
    }
  }
}
