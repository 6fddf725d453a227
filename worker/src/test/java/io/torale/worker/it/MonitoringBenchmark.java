package io.torale.worker.it;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityOptions;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerOptions;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import io.torale.localstack.LocalStackExtension;
import io.torale.platform.monitoring.MonitoringWorkflow;
import io.torale.platform.monitoring.TaskConfig;
import io.torale.platform.task.Notifications;
import io.torale.platform.task.NotifyBehavior;
import io.torale.platform.task.Task;
import io.torale.platform.task.TaskSchedule;
import io.torale.testsupport.gemini.GeminiFake;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Runs/s of the full workflow with an instant local Gemini beside a baseline of four no-op
 * activities, on the same dev server in the same JVM. Not part of {@code verify}: run with {@code
 * ./mvnw -pl worker verify -Dit.test=MonitoringBenchmark -Dtest=None
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@ExtendWith(LocalStackExtension.class)
// Shared searches off: this class like for like with the measurements before shared searches.
@SpringBootTest(properties = {"server.port=0", "torale.gemini.shared-search-window=0s"})
class MonitoringBenchmark {

  static final int RUNS = Integer.getInteger("bench.runs", 200);
  static final int CONCURRENCY = Integer.getInteger("bench.concurrency", 20);
  static final String BASELINE_QUEUE = "bench-baseline";

  @RegisterExtension static final GeminiFake gemini = new GeminiFake();

  @RegisterExtension static final TaskApiStandIn tasks = new TaskApiStandIn();

  @Autowired WorkflowClient client;

  @DynamicPropertySource
  static void gemini(DynamicPropertyRegistry registry) {
    gemini.workerProperties().forEach((key, value) -> registry.add(key, () -> value));
    registry.add("torale.task-api.url", tasks::url);
    registry.add("torale.task-api.token", () -> TaskApiStandIn.TOKEN);
  }

  @WorkflowInterface
  public interface BaselineWorkflow {
    @WorkflowMethod
    String run(String input);
  }

  @ActivityInterface
  public interface Noop {
    String a(String in);

    String b(String in);

    String c(String in);

    String d(String in);
  }

  public static class NoopImpl implements Noop {
    public String a(String in) {
      return in;
    }

    public String b(String in) {
      return in;
    }

    public String c(String in) {
      return in;
    }

    public String d(String in) {
      return in;
    }
  }

  public static class BaselineWorkflowImpl implements BaselineWorkflow {
    private final Noop noop =
        Workflow.newActivityStub(
            Noop.class,
            ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofSeconds(10)).build());

    @Override
    public String run(String input) {
      return noop.d(noop.c(noop.b(noop.a(input))));
    }
  }

  @Test
  void fullWorkflowAgainstBaseline() throws Exception {
    WorkerFactory baselineFactory = WorkerFactory.newInstance(client);
    var worker =
        baselineFactory.newWorker(
            BASELINE_QUEUE, WorkerOptions.newBuilder().setUsingVirtualThreads(true).build());
    worker.registerWorkflowImplementationTypes(BaselineWorkflowImpl.class);
    worker.registerActivitiesImplementations(new NoopImpl());
    baselineFactory.start();
    try {
      List<String> taskIds = new ArrayList<>();
      for (int i = 0; i < CONCURRENCY; i++) {
        taskIds.add(task());
      }
      Function<Integer, Runnable> full =
          i ->
              () ->
                  client
                      .newWorkflowStub(
                          MonitoringWorkflow.class,
                          WorkflowOptions.newBuilder()
                              .setTaskQueue(MonitoringWorkflow.TASK_QUEUE)
                              .setWorkflowId("bench-full-" + UUID.randomUUID())
                              .build())
                      .run(new TaskConfig(taskIds.get(i % taskIds.size())));
      Function<Integer, Runnable> baseline =
          i ->
              () ->
                  client
                      .newWorkflowStub(
                          BaselineWorkflow.class,
                          WorkflowOptions.newBuilder()
                              .setTaskQueue(BASELINE_QUEUE)
                              .setWorkflowId("bench-base-" + UUID.randomUUID())
                              .build())
                      .run("x");
      measure("warm-up full", full, CONCURRENCY * 2);
      measure("warm-up baseline", baseline, CONCURRENCY * 2);
      Result b = measure("baseline (4 no-op activities)", baseline, RUNS);
      Result f = measure("full MonitoringWorkflow", full, RUNS);
      System.out.printf(
          "BENCHMARK runs=%d concurrency=%d ratio full/baseline = %.2f%n",
          RUNS, CONCURRENCY, f.perSecond / b.perSecond);
    } finally {
      baselineFactory.shutdown();
      baselineFactory.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
    }
  }

  record Result(double perSecond, long p50, long p99) {}

  private Result measure(String name, Function<Integer, Runnable> run, int count) throws Exception {
    List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
    long start = System.nanoTime();
    try (ExecutorService pool = Executors.newFixedThreadPool(CONCURRENCY)) {
      List<Future<?>> futures = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        int n = i;
        futures.add(
            pool.submit(
                () -> {
                  long t = System.nanoTime();
                  run.apply(n).run();
                  latencies.add((System.nanoTime() - t) / 1_000_000);
                }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    List<Long> sorted = latencies.stream().sorted().toList();
    Result result =
        new Result(
            count / seconds,
            sorted.get(sorted.size() / 2),
            sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(sorted.size() * 0.99) - 1)));
    System.out.printf(
        "BENCHMARK %-32s %6.1f runs/s  p50 %4d ms  p99 %4d ms%n",
        name, result.perSecond, result.p50, result.p99);
    return result;
  }

  private String task() {
    UUID id = UUID.randomUUID();
    tasks.put(
        Task.builder()
            .id(id)
            .name("bench")
            .owner("bench")
            .searchQuery("q")
            .condition("c")
            .schedule(TaskSchedule.utc("0 9 * * *"))
            .notifyBehavior(NotifyBehavior.ALWAYS)
            .notifications(new Notifications(List.of("a@example.com"), List.of()))
            .build());
    return id.toString();
  }
}
