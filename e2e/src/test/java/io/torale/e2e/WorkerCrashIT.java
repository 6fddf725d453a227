package io.torale.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import io.torale.testsupport.kafka.CommandBus;
import java.time.Duration;
import java.util.List;
import java.util.Map;
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
 * (10 s) instead of its start-to-close timeout, and the run completes on the restarted worker.
 * Everything is real but Gemini: a local server in Gemini's format whose first grounded search
 * never answers (as if the model were slow), and which answers every later call at once.
 */
class WorkerCrashIT {

  static ToraleSystem system;
  static CommandBus bus;
  static final SlowFirstSearch gemini = new SlowFirstSearch();

  @BeforeAll
  static void startTheSystemWithALocalGemini() {
    system = ToraleSystem.get();
    bus = new CommandBus(system.stack().kafkaBootstrapServers(), system.stack().registryUrl());
    system.kill("worker");
    system.start("worker", gemini.workerProperties());
  }

  @AfterAll
  static void restoreTheWorker() {
    system.kill("worker");
    system.start("worker");
    bus.close();
    gemini.release.countDown();
    gemini.close();
  }

  @Test
  void aRunWhoseWorkerIsKilledMidSearchCompletesOnTheRestartedWorker() throws Exception {
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
    assertThat(gemini.slowSearchArrived.await(60, TimeUnit.SECONDS))
        .as("the grounded search reached Gemini")
        .isTrue();
    long inFlightAt = System.nanoTime();

    system.kill("worker"); // SIGKILL while the search is in flight
    long killedAt = System.nanoTime();
    system.start("worker", gemini.workerProperties());
    long restartedAt = System.nanoTime();

    TaskExecuted run =
        bus.await(TaskExecuted.class, e -> e.getTaskId().equals(taskId), Duration.ofSeconds(90));
    long completedAt = System.nanoTime();
    Duration total = Duration.ofNanos(completedAt - runNowAt);
    System.out.printf(
        "worker crash: search in flight after %d ms, killed, restarted and ready after %d ms,"
            + " run completed %d ms after RunTaskNow (load average %.1f)%n",
        ms(inFlightAt - runNowAt),
        ms(restartedAt - killedAt),
        ms(completedAt - runNowAt),
        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());

    assertThat(runNow.getCommandId()).isNotNull();
    assertThat(run.getStatus()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(run.getConditionMet()).isTrue();
    assertThat(gemini.groundedCalls.get()).as("the search ran again after the crash").isEqualTo(2);
    assertThat(total).isLessThan(Duration.ofSeconds(30));
    // Exactly one ConditionMet: wait a few seconds for a duplicate that must not come.
    await()
        .pollDelay(Duration.ofSeconds(3))
        .atMost(Duration.ofSeconds(30))
        .until(() -> bus.all(ConditionMet.class, e -> e.getTaskId().equals(taskId)).size() >= 1);
    assertThat(bus.all(ConditionMet.class, e -> e.getTaskId().equals(taskId))).hasSize(1);
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
