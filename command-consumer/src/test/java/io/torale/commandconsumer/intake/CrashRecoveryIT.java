package io.torale.commandconsumer.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.reset;

import io.torale.commandconsumer.support.ConsumerIT;
import io.torale.localstack.LocalStack;
import io.torale.platform.task.TaskStatus;
import io.torale.schemas.v1.CommandOutcome;
import io.torale.schemas.v1.TaskCommand;
import io.torale.testsupport.commands.Commands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;

/** Failures between the steps of a command: nothing is lost, nothing is applied twice. */
class CrashRecoveryIT extends ConsumerIT {

  @AfterEach
  void realStore() {
    reset(tasks);
  }

  @Test
  void aCrashBetweenTemporalAndTheDatabaseIsCompletedByTheRedelivery() {
    String taskId = newTaskId();
    // The schedule gets created, then the database write fails once (as if the process died).
    doThrow(new DataAccessResourceFailureException("simulated crash before commit"))
        .doCallRealMethod()
        .when(tasks)
        .upsert(argThat(t -> t.id().toString().equals(taskId)));

    var create = Commands.create(taskId);
    applyExpecting(create, CommandOutcome.APPLIED);

    assertThat(task(taskId).orElseThrow().status()).isEqualTo(TaskStatus.ACTIVE);
    assertThat(describe(taskId).getSchedule().getState().isPaused()).isFalse();
    assertThat(bus.resultsOf(create)).hasSize(1);
  }

  @Test
  void aCrashAfterPausingTheScheduleConvergesOnRedelivery() {
    String taskId = newTaskId();
    applyExpecting(Commands.create(taskId), CommandOutcome.APPLIED);
    doThrow(new DataAccessResourceFailureException("simulated crash before commit"))
        .doCallRealMethod()
        .when(tasks)
        .updateStatus(eq(UUID.fromString(taskId)), any());

    var pause = Commands.pause(taskId);
    applyExpecting(pause, CommandOutcome.APPLIED);

    assertThat(task(taskId).orElseThrow().status()).isEqualTo(TaskStatus.PAUSED);
    assertThat(describe(taskId).getSchedule().getState().isPaused()).isTrue();
    assertThat(bus.resultsOf(pause)).hasSize(1);
  }

  @Test
  void commandsArrivingWhileTemporalIsDownAreAppliedOnceWhenItReturns() throws Exception {
    LocalStack stack = io.torale.localstack.LocalStackExtension.stack();
    String pausedTask = newTaskId();
    applyExpecting(Commands.create(pausedTask), CommandOutcome.APPLIED);

    stack.stopTemporal();
    List<TaskCommand> sent = new ArrayList<>();
    try {
      List<String> created = List.of(newTaskId(), newTaskId(), newTaskId());
      created.forEach(id -> sent.add(bus.publish(Commands.create(id))));
      sent.add(bus.publish(Commands.pause(pausedTask)));
      Thread.sleep(3_000);
      assertThat(sent).allSatisfy(c -> assertThat(bus.resultsOf(c)).isEmpty());
    } finally {
      stack.startTemporal();
    }

    for (TaskCommand command : sent) {
      assertThat(bus.awaitResult(command, Duration.ofSeconds(120)).getOutcome())
          .isEqualTo(CommandOutcome.APPLIED);
    }
    // Exactly once: no second result arrives for any of them.
    await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> true);
    assertThat(sent).allSatisfy(c -> assertThat(bus.resultsOf(c)).hasSize(1));
    for (TaskCommand command : sent.subList(0, 3)) {
      assertThat(describe(command.getTaskId()).getSchedule().getState().isPaused()).isFalse();
      assertThat(task(command.getTaskId()).orElseThrow().status()).isEqualTo(TaskStatus.ACTIVE);
    }
    assertThat(describe(pausedTask).getSchedule().getState().isPaused()).isTrue();
    assertThat(task(pausedTask).orElseThrow().status()).isEqualTo(TaskStatus.PAUSED);
  }
}
