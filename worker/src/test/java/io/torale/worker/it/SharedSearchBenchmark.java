package io.torale.worker.it;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.torale.localstack.LocalStackExtension;
import io.torale.platform.monitoring.MonitoringWorkflow;
import io.torale.platform.monitoring.TaskConfig;
import io.torale.platform.task.Notifications;
import io.torale.platform.task.NotifyBehavior;
import io.torale.platform.task.Task;
import io.torale.platform.task.TaskSchedule;
import io.torale.testsupport.LoopbackServer;
import io.torale.testsupport.gemini.GeminiResponses;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Gemini calls per run when N grounded-search tasks share K distinct queries (written in varying
 * case, spacing and punctuation, which normalisation equates), each task run once, C at a time,
 * through the full workflow on the local stack. Gemini is a local server in its format that counts
 * the calls (a grounded search answers after 200 ms, as a real one takes seconds). Not part of
 * {@code verify}: run with {@code ./mvnw -pl worker verify -Dit.test=SharedSearchBenchmark
 * -Dtest=None -Dsurefire.failIfNoSpecifiedTests=false} (-Dbench.tasks, -Dbench.queries,
 * -Dbench.concurrency).
 */
@ExtendWith(LocalStackExtension.class)
@SpringBootTest(properties = {"server.port=0", "torale.gemini.shared-search-window=10m"})
class SharedSearchBenchmark {

  static final int TASKS = Integer.getInteger("bench.tasks", 60);
  static final int QUERIES = Integer.getInteger("bench.queries", 6);
  static final int CONCURRENCY = Integer.getInteger("bench.concurrency", 10);

  private static final CountingGemini gemini = new CountingGemini();

  private static final TaskApiStandIn tasks = new TaskApiStandIn();
  @Autowired WorkflowClient client;

  @DynamicPropertySource
  static void gemini(DynamicPropertyRegistry registry) {
    registry.add("torale.gemini.base-url", () -> gemini.url("/"));
    registry.add("torale.gemini.api-key", () -> "bench-key");
    registry.add("torale.task-api.url", tasks::url);
    registry.add("torale.task-api.token", () -> TaskApiStandIn.TOKEN);
  }

  @AfterAll
  static void stop() {
    gemini.close();
    tasks.close();
  }

  @Test
  void geminiCallsPerRun() throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 8);
    List<String> taskIds = new ArrayList<>();
    for (int i = 0; i < TASKS; i++) {
      int query = i % QUERIES;
      String wording =
          switch (i / QUERIES % 3) {
            case 0 -> "When is event " + query + " of " + run + "?";
            case 1 -> "  when is EVENT " + query + " of " + run;
            default -> "When is event " + query + "   of " + run + " ?";
          };
      UUID id = UUID.randomUUID();
      tasks.put(
          Task.builder()
              .id(id)
              .name("bench " + i)
              .owner("bench")
              .searchQuery(wording)
              .condition("condition " + i)
              .schedule(TaskSchedule.utc("0 9 * * *"))
              .notifyBehavior(NotifyBehavior.ALWAYS)
              .notifications(new Notifications(List.of(), List.of()))
              .build());
      taskIds.add(id.toString());
    }
    Semaphore slots = new Semaphore(CONCURRENCY);
    long start = System.nanoTime();
    try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
      List<CompletableFuture<Void>> runs = new ArrayList<>();
      for (String taskId : taskIds) {
        runs.add(
            CompletableFuture.runAsync(
                () -> {
                  slots.acquireUninterruptibly();
                  try {
                    client
                        .newWorkflowStub(
                            MonitoringWorkflow.class,
                            WorkflowOptions.newBuilder()
                                .setTaskQueue(MonitoringWorkflow.TASK_QUEUE)
                                .setWorkflowId("bench-" + taskId)
                                .build())
                        .run(new TaskConfig(taskId));
                  } finally {
                    slots.release();
                  }
                },
                executor));
      }
      CompletableFuture.allOf(runs.toArray(CompletableFuture[]::new)).join();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    int grounded = gemini.grounded.get();
    int verdicts = gemini.verdicts.get();
    String report =
        """
        Shared searches: %d tasks over %d distinct queries, %d runs at a time, in %.1f s
          grounded search calls: %d (%.2f per run; without sharing: 1.00)
          verdict calls:         %d (%.2f per run)
          Gemini calls per run:  %.2f (without sharing: 2.00)
          load average: %.1f
        """
            .formatted(
                TASKS,
                QUERIES,
                CONCURRENCY,
                seconds,
                grounded,
                (double) grounded / TASKS,
                verdicts,
                (double) verdicts / TASKS,
                (double) (grounded + verdicts) / TASKS,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    System.out.println(report);
    java.nio.file.Files.writeString(
        java.nio.file.Path.of("target", "shared-search-benchmark.txt"), report);
  }

  /** Gemini's format; counts grounded and verdict calls. */
  static final class CountingGemini extends LoopbackServer {
    final AtomicInteger grounded = new AtomicInteger();
    final AtomicInteger verdicts = new AtomicInteger();

    CountingGemini() {
      start();
    }

    @Override
    protected MockResponse answer(RecordedRequest request) {
      if (request.getBody().readUtf8().contains("googleSearch")) {
        grounded.incrementAndGet();
        try {
          Thread.sleep(200);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return GeminiResponses.grounded();
      }
      verdicts.incrementAndGet();
      return GeminiResponses.verdictMet();
    }
  }
}
