package io.torale.commandconsumer.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.Mockito.doCallRealMethod;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.reset;

import io.torale.commandconsumer.support.ConsumerIT;
import io.torale.platform.crash.CrashPoints;
import io.torale.platform.kafka.TopicProperties;
import io.torale.platform.task.TaskStatus;
import io.torale.schemas.Topics;
import io.torale.schemas.v1.CommandOutcome;
import io.torale.schemas.v1.Schedule;
import io.torale.schemas.v1.TaskCommand;
import io.torale.schemas.v1.UpdateTask;
import io.torale.testsupport.commands.Commands;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;

/**
 * The command contract at its edges: idempotent state-setting commands, Temporal's refusals as
 * results, bounded retries for failures that are not transient, and one visible result per command
 * when the Kafka transaction of an applied command is rolled back. Results are read with {@code
 * read_committed}, as the contract asks of every result consumer.
 */
class CommandContractIT extends ConsumerIT {

  /** Known to the JDK's tz database, unknown to the Temporal dev server's (Go's). */
  private static final String ZONE_TEMPORAL_LACKS = "SystemV/AST4";

  @Autowired private TopicProperties topics;
  @Autowired private KafkaListenerEndpointRegistry listeners;

  @AfterEach
  void realBeans() {
    reset(tasks, crashPoints);
  }

  @Test
  void stateSettingCommandsSentAgainAreAppliedWithNoChange() {
    String taskId = newTaskId();
    applyExpecting(Commands.create(taskId), CommandOutcome.APPLIED);

    assertThat(applyExpecting(Commands.resume(taskId), CommandOutcome.APPLIED).getDetail())
        .isEqualTo("no change: the task is already active");
    applyExpecting(Commands.pause(taskId), CommandOutcome.APPLIED);
    assertThat(applyExpecting(Commands.pause(taskId), CommandOutcome.APPLIED).getDetail())
        .isEqualTo("no change: the task is already paused");
    assertThat(describe(taskId).getSchedule().getState().isPaused()).isTrue();
    applyExpecting(Commands.delete(taskId), CommandOutcome.APPLIED);
    assertThat(applyExpecting(Commands.delete(taskId), CommandOutcome.APPLIED).getDetail())
        .isEqualTo("no change: the task is already deleted");
    assertThat(task(taskId).orElseThrow().status()).isEqualTo(TaskStatus.DELETED);
    assertThat(scheduleExists(taskId)).isFalse();
  }

  @Test
  void aScheduleTemporalRefusesIsRejectedAndTheNextCommandOnThePartitionIsApplied() {
    String taskId = newTaskId();
    var refused =
        Commands.envelope(
            taskId,
            Commands.validCreate()
                .setSchedule(new Schedule("0 9 * * *", ZONE_TEMPORAL_LACKS))
                .build());
    // Same key, so the same partition, sent right behind it.
    var next = Commands.create(taskId);
    bus.publish(refused);
    bus.publish(next);

    var result = bus.awaitResult(refused);
    assertThat(result.getOutcome()).isEqualTo(CommandOutcome.REJECTED);
    assertThat(result.getReasons().getFirst().getField()).isEqualTo("command.schedule");
    assertThat(result.getReasons().getFirst().getMessage())
        .contains("Temporal refused it (INVALID_ARGUMENT)")
        .contains(ZONE_TEMPORAL_LACKS);
    assertThat(bus.awaitResult(next).getOutcome()).isEqualTo(CommandOutcome.APPLIED);
    assertThat(describe(taskId).getSchedule().getSpec().getTimeZoneName())
        .isEqualTo("Europe/Berlin");

    var update =
        Commands.update(
            taskId,
            UpdateTask.newBuilder()
                .setSchedule(new Schedule("0 10 * * *", ZONE_TEMPORAL_LACKS))
                .build());
    applyExpecting(update, CommandOutcome.REJECTED);
    assertThat(task(taskId).orElseThrow().schedule().timeZone()).isEqualTo("Europe/Berlin");
  }

  @Test
  void aFailureThatIsNotTransientIsDeadLetteredAfterAFewAttemptsAndThePartitionGoesOn() {
    String taskId = newTaskId();
    doThrow(new IllegalStateException("a bug, not an outage"))
        .when(tasks)
        .upsert(argThat(t -> t.id().toString().equals(taskId)));
    var stuck = bus.publish(Commands.create(taskId));

    await()
        .atMost(Duration.ofSeconds(90))
        .until(() -> bus.deadLetters().stream().anyMatch(r -> taskId.equals(r.key())));
    doCallRealMethod().when(tasks).upsert(argThat(t -> t.id().toString().equals(taskId)));
    var dead = bus.deadLetters().stream().filter(r -> taskId.equals(r.key())).toList();
    assertThat(dead).hasSize(1);
    assertThat(dead.getFirst().topic()).isEqualTo(Topics.deadLetter(Topics.TASK_COMMANDS));
    assertThat(
            new String(dead.getFirst().headers().lastHeader("kafka_dlt-exception-message").value()))
        .contains("a bug, not an outage");
    assertThat(bus.resultsOf(stuck)).isEmpty();

    applyExpecting(Commands.create(taskId), CommandOutcome.APPLIED);
  }

  @Test
  void aCommandFailingBehindOthersInItsPollIsRetriedAloneAndEachCommandHasOneResult() {
    String taskId = newTaskId();
    applyExpecting(Commands.create(taskId), CommandOutcome.APPLIED);
    doThrow(new IllegalStateException("injected once"))
        .doCallRealMethod()
        .when(tasks)
        .upsert(argThat(t -> t.id().toString().equals(taskId)));
    // Same key, one partition, sent back to back: they usually share a poll (one Kafka
    // transaction). The update fails once; the pause before it must keep its one result, the
    // update must be applied once, and the resume behind it must wait for it.
    var pause = bus.publishAsync(Commands.pause(taskId));
    var update =
        bus.publishAsync(
            Commands.update(taskId, UpdateTask.newBuilder().setName("renamed").build()));
    var resume = bus.publishAsync(Commands.resume(taskId));

    for (var command : java.util.List.of(pause, update, resume)) {
      assertThat(bus.awaitResult(command).getOutcome()).isEqualTo(CommandOutcome.APPLIED);
    }
    await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> true);
    for (var command : java.util.List.of(pause, update, resume)) {
      assertThat(bus.resultsOf(command)).as("results of %s", command).hasSize(1);
      assertThat(bus.resultsOf(command).getFirst().getDetail()).isNull();
    }
    assertThat(task(taskId).orElseThrow().name()).isEqualTo("renamed");
    assertThat(task(taskId).orElseThrow().status()).isEqualTo(TaskStatus.ACTIVE);
    assertThat(describe(taskId).getSchedule().getState().isPaused()).isFalse();
  }

  @Test
  void anotherTasksCommandDecidedBesideAFailureIsPublishedOnceFromItsStoredOutcome() {
    // Two tasks on one partition: their commands share polls, and a listener thread decides them at
    // the same time (torale.commands.batch.parallelism).
    String failing = newTaskId();
    String other = taskOnTheSamePartitionAs(failing);
    applyExpecting(Commands.create(failing), CommandOutcome.APPLIED);
    applyExpecting(Commands.create(other), CommandOutcome.APPLIED);
    doThrow(new IllegalStateException("injected once"))
        .doCallRealMethod()
        .when(tasks)
        .upsert(argThat(t -> t.id().toString().equals(failing)));
    // The listener is paused while they are published, so they share a poll (or the pause comes
    // alone first, if a fetch in flight when the listener paused carried it): the update fails, and
    // the other task's pause behind it is decided meanwhile, its database row committed, but its
    // result must wait for the update. It is polled again and published once, from the stored
    // outcome (not "no change").
    var listener = listeners.getListenerContainer("task-commands");
    listener.pause();
    await().atMost(Duration.ofSeconds(60)).until(listener::isContainerPaused);
    TaskCommand pause;
    TaskCommand update;
    TaskCommand otherPause;
    try {
      pause = bus.publish(Commands.pause(failing));
      update =
          bus.publish(Commands.update(failing, UpdateTask.newBuilder().setName("renamed").build()));
      otherPause = bus.publish(Commands.pause(other));
    } finally {
      listener.resume();
    }

    for (var command : java.util.List.of(pause, update, otherPause)) {
      assertThat(bus.awaitResult(command).getOutcome()).isEqualTo(CommandOutcome.APPLIED);
    }
    await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> true);
    for (var command : java.util.List.of(pause, update, otherPause)) {
      assertThat(bus.resultsOf(command)).as("results of %s", command).hasSize(1);
      assertThat(bus.resultsOf(command).getFirst().getDetail()).isNull();
    }
    assertThat(task(failing).orElseThrow().name()).isEqualTo("renamed");
    assertThat(task(other).orElseThrow().status()).isEqualTo(TaskStatus.PAUSED);
    assertThat(describe(other).getSchedule().getState().isPaused()).isTrue();
  }

  /** A new task id that Kafka's default partitioner puts on the partition of {@code taskId}. */
  private String taskOnTheSamePartitionAs(String taskId) {
    int partitions = topics.partitions();
    int partition = partitionOf(taskId, partitions);
    String candidate = newTaskId();
    while (partitionOf(candidate, partitions) != partition) {
      candidate = newTaskId();
    }
    return candidate;
  }

  private static int partitionOf(String key, int partitions) {
    return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
  }

  @Test
  void aRolledBackResultIsPublishedOnceFromTheStoredOutcome() {
    String taskId = newTaskId();
    applyExpecting(Commands.create(taskId), CommandOutcome.APPLIED);
    // The database commits the pause; the Kafka transaction with its result is rolled back once.
    doThrow(new IllegalStateException("injected after the database commit"))
        .doCallRealMethod()
        .when(crashPoints)
        .reach(CrashPoints.BEFORE_RESULT_COMMIT);

    var pause = Commands.pause(taskId);
    applyExpecting(pause, CommandOutcome.APPLIED);

    // Seen once by a read_committed reader, and the stored outcome (not DUPLICATE, not a second
    // application of the pause, which would say "no change").
    await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> true);
    assertThat(bus.resultsOf(pause)).hasSize(1);
    assertThat(bus.resultsOf(pause).getFirst().getDetail()).isNull();
    assertThat(task(taskId).orElseThrow().status()).isEqualTo(TaskStatus.PAUSED);
  }
}
