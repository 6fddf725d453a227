package io.torale.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.TimeoutType;
import io.temporal.api.workflow.v1.PendingActivityInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.torale.schemas.v1.CommandOutcome;
import io.torale.schemas.v1.ConditionMet;
import io.torale.schemas.v1.Notifications;
import io.torale.schemas.v1.NotifyBehavior;
import io.torale.schemas.v1.RunStatus;
import io.torale.schemas.v1.Schedule;
import io.torale.schemas.v1.TaskCommand;
import io.torale.schemas.v1.TaskExecuted;
import io.torale.testsupport.LoopbackServer;
import io.torale.testsupport.commands.Commands;
import io.torale.testsupport.gemini.GeminiResponses;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A worker process killed with SIGKILL (kill -9) while its grounded search waits on a slow Gemini:
 * the search activity's heartbeats stop, Temporal times the attempt out after the heartbeat timeout
 * (10 s) instead of its start-to-close timeout (45 s), and the run completes on the restarted
 * worker. Everything is real but Gemini: a local server in Gemini's format whose first grounded
 * search never answers (a slow model), and which answers every later call at once.
 */
class WorkerCrashIT extends OutsideTheSystem {

  static final SlowFirstSearch gemini = new SlowFirstSearch();

  @BeforeAll
  static void aWorkerWithTheLocalGemini() {
    system.kill("worker");
    system.start("worker", gemini.workerProperties());
  }

  @AfterAll
  static void restoreTheWorker() {
    system.kill("worker");
    system.start("worker");
    gemini.release.countDown();
    gemini.close();
  }

  @Test
  void aRunWhoseWorkerIsKilledMidSearchCompletesOnTheRestartedWorker() {
    String taskId = UUID.randomUUID().toString();
    var create =
        Commands.validCreate()
            .setSearchQuery("crash test " + taskId) // its own query: no shared search
            .setSchedule(new Schedule("0 9 1 1 *", "UTC")) // only RunTaskNow runs it here
            .setNotifyBehavior(NotifyBehavior.ALWAYS)
            .setNotifications(new Notifications(List.of("crash@example.com"), List.of()))
            .build();
    assertThat(bus.apply(taskId, create).getOutcome()).isEqualTo(CommandOutcome.APPLIED);

    long runNowAt = System.nanoTime();
    TaskCommand runNow = bus.publish(Commands.runNow(taskId));
    String workflowId = "task-" + taskId + "-now-" + runNow.getCommandId();
    await().atMost(Duration.ofSeconds(90)).until(() -> gemini.slowSearchArrived.getCount() == 0);
    long inFlightAt = System.nanoTime();

    system.kill("worker"); // SIGKILL while the search is in flight
    long killedAt = System.nanoTime();

    // While the replacement is still starting, Temporal has already given up on the dead
    // worker's attempt: a heartbeat timeout, within the 10 s timeout (+ polling slack).
    PendingActivityInfo retried =
        await()
            .atMost(Duration.ofSeconds(15))
            .pollInterval(Duration.ofMillis(250))
            .until(
                () -> searchActivity(workflowId), a -> a.isPresent() && a.get().getAttempt() >= 2)
            .orElseThrow();
    long timedOutAt = System.nanoTime();
    assertThat(retried.getActivityType().getName()).isEqualTo("SearchWeb");
    assertThat(retried.getLastFailure().getTimeoutFailureInfo().getTimeoutType())
        .isEqualTo(TimeoutType.TIMEOUT_TYPE_HEARTBEAT);

    system.start("worker", gemini.workerProperties());
    long readyAt = System.nanoTime();

    TaskExecuted run =
        bus.await(TaskExecuted.class, e -> e.getTaskId().equals(taskId), Duration.ofSeconds(90));
    long completedAt = System.nanoTime();
    System.out.printf(
        "worker crash: search in flight %d ms after RunTaskNow; attempt timed out by heartbeat %d ms"
            + " after the kill; restarted worker ready %d ms after the kill; run completed %d ms"
            + " after the restarted worker was ready, %d ms after RunTaskNow (load average %.1f)%n",
        ms(inFlightAt - runNowAt),
        ms(timedOutAt - killedAt),
        ms(readyAt - killedAt),
        ms(completedAt - readyAt),
        ms(completedAt - runNowAt),
        ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());

    assertThat(run.getExecutionId()).isEqualTo(workflowId);
    assertThat(run.getStatus()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(run.getConditionMet()).isTrue();
    assertThat(gemini.groundedCalls.get()).as("the search ran again after the crash").isEqualTo(2);
    // Once a worker is back, nothing waits for a timeout any more: the retry was already queued
    // (17 s measured under a load average of 16 on 2 cores, most of it the new JVM warming up).
    assertThat(Duration.ofNanos(completedAt - readyAt)).isLessThan(Duration.ofSeconds(30));
    // Exactly one ConditionMet: wait a few seconds for a duplicate that must not come.
    await()
        .pollDelay(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(30))
        .until(() -> bus.all(ConditionMet.class, e -> e.getTaskId().equals(taskId)).size() >= 1);
    assertThat(bus.all(ConditionMet.class, e -> e.getTaskId().equals(taskId))).hasSize(1);
  }

  private Optional<PendingActivityInfo> searchActivity(String workflowId) {
    return workflows
        .getWorkflowServiceStubs()
        .blockingStub()
        .describeWorkflowExecution(
            DescribeWorkflowExecutionRequest.newBuilder()
                .setNamespace("default")
                .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId))
                .build())
        .getPendingActivitiesList()
        .stream()
        .filter(a -> a.getActivityType().getName().equals("SearchWeb"))
        .findFirst();
  }

  private static long ms(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(nanos);
  }

  /** Gemini's format; the first grounded search hangs until the end of the test. */
  static final class SlowFirstSearch extends LoopbackServer {
    final CountDownLatch slowSearchArrived = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    final AtomicInteger groundedCalls = new AtomicInteger();

    SlowFirstSearch() {
      start();
    }

    Map<String, String> workerProperties() {
      return Map.of(
          "torale.gemini.base-url", url("/"), "torale.gemini.api-key", "local-crash-test-key");
    }

    @Override
    protected MockResponse answer(RecordedRequest request) {
      if (!request.getBody().readUtf8().contains("googleSearch")) {
        return GeminiResponses.verdictMet();
      }
      if (groundedCalls.incrementAndGet() == 1) {
        slowSearchArrived.countDown();
        try {
          release.await(120, TimeUnit.SECONDS); // a slow model: the worker dies meanwhile
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
      return GeminiResponses.grounded();
    }
  }
}
