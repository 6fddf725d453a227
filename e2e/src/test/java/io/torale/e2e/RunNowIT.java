package io.torale.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowExecutionDescription;
import io.torale.schemas.v1.CommandOutcome;
import io.torale.schemas.v1.CommandResult;
import io.torale.schemas.v1.CreateTask;
import io.torale.schemas.v1.Notifications;
import io.torale.schemas.v1.NotifyBehavior;
import io.torale.schemas.v1.TaskCommand;
import io.torale.schemas.v1.TaskExecuted;
import io.torale.schemas.v1.Webhook;
import io.torale.testsupport.commands.Commands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * RunTaskNow as an integrator uses it: sent as soon as the previous run's TaskExecuted arrived, it
 * is never refused because of that run; sent while a run is open, it never makes two runs overlap.
 * Overlap is checked on Temporal's own record of each run (start and close times from describe).
 */
class RunNowIT extends OutsideTheSystem {

  private static final Duration WAIT = Duration.ofSeconds(90);

  private static String newTask() {
    String taskId = UUID.randomUUID().toString();
    CreateTask task =
        CreateTask.newBuilder(
                Commands.webPageTask(
                    page.url(), "Status: \\w+", "0 3 * * *", NotifyBehavior.ALWAYS, "x@y.z", ""))
            .setNotifications(
                new Notifications(List.of(), List.of(new Webhook(webhooks.url(), null))))
            .build();
    bus.apply(taskId, task);
    return taskId;
  }

  @Test
  void twentyRunNowsEachSentRightAfterThePreviousTaskExecutedAreAllApplied() {
    String taskId = newTask();
    int refusals = 0;
    for (int i = 0; i < 20; i++) {
      TaskCommand run = Commands.envelope(taskId, Commands.runNow());
      CommandResult result = bus.publishAndAwait(run);
      if (result.getOutcome() != CommandOutcome.APPLIED) {
        refusals++;
      }
      // The next command goes out the moment this run's TaskExecuted is seen.
      bus.await(TaskExecuted.class, e -> e.getExecutionId().contains(run.getCommandId()), WAIT);
    }
    assertThat(refusals).isZero();
    assertThat(bus.all(TaskExecuted.class, e -> e.getTaskId().equals(taskId))).hasSize(20);
    assertNoOverlap(taskId);
  }

  @Test
  void runNowsRacingEachOtherNeverGiveOverlappingRuns() {
    String taskId = newTask();
    List<TaskCommand> sent = new ArrayList<>();
    for (int round = 0; round < 3; round++) {
      TaskCommand first = Commands.envelope(taskId, Commands.runNow());
      TaskCommand second = Commands.envelope(taskId, Commands.runNow());
      bus.publish(first);
      bus.publish(second);
      sent.add(first);
      sent.add(second);
    }
    List<CommandResult> results = new ArrayList<>();
    for (TaskCommand command : sent) {
      results.add(
          bus.await(
              CommandResult.class, r -> r.getCommandId().equals(command.getCommandId()), WAIT));
    }
    for (CommandResult result : results) {
      if (result.getOutcome() == CommandOutcome.REJECTED) {
        // Refused only while a run is truly open, and the refusal names it.
        assertThat(result.getReasons().getFirst().getMessage()).contains("task-" + taskId);
      } else {
        assertThat(result.getOutcome()).isEqualTo(CommandOutcome.APPLIED);
      }
    }
    long applied = results.stream().filter(r -> r.getOutcome() == CommandOutcome.APPLIED).count();
    await()
        .atMost(WAIT)
        .until(
            () -> bus.all(TaskExecuted.class, e -> e.getTaskId().equals(taskId)).size(),
            n -> n == applied);
    assertNoOverlap(taskId);
  }

  /** Every run of the task, from Temporal's describe: each one closed before the next started. */
  private static void assertNoOverlap(String taskId) {
    List<WorkflowExecutionDescription> runs =
        bus.all(TaskExecuted.class, e -> e.getTaskId().equals(taskId)).stream()
            .map(
                e ->
                    await()
                        .atMost(WAIT)
                        .until(
                            () -> workflows.newUntypedWorkflowStub(e.getExecutionId()).describe(),
                            info ->
                                info.getStatus()
                                    != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING))
            .sorted(Comparator.comparing(WorkflowExecutionDescription::getStartTime))
            .toList();
    for (int i = 1; i < runs.size(); i++) {
      var previous = runs.get(i - 1);
      var next = runs.get(i);
      assertThat(previous.getCloseTime())
          .as(
              "%s closed before %s started",
              previous.getExecution().getWorkflowId(), next.getExecution().getWorkflowId())
          .isBeforeOrEqualTo(next.getStartTime());
    }
  }
}
