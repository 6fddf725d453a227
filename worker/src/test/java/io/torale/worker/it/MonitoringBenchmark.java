package io.torale.worker.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityOptions;
import io.temporal.activity.LocalActivityOptions;
import io.temporal.api.enums.v1.EventType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.RetryOptions;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
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
import io.torale.testsupport.bench.CpuMeter;
import io.torale.testsupport.gemini.GeminiFake;
import io.torale.worker.runtime.WorkerProperties;
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
 * Runs/s of the full workflow with an instant local Gemini beside a baseline workflow of the same
 * shape: the same local and remote activities in the same order, with the same options (local
 * {@code getTask} and {@code compareFinding}; remote heartbeating {@code searchWeb} and {@code
 * judgeEvidence}; remote {@code sendNotification} and {@code recordRun}) and the same two version
 * markers, but no-op bodies. So the ratio is what the activities' real work costs, not how many
 * round trips through Temporal each path makes. The shape is checked, not assumed: the histories of
 * one run of each must schedule as many activity tasks and record as many markers, or the benchmark
 * fails. Phases alternate ({@code -Dbench.rounds}, default 2, order flipped every round) after a
 * warm-up of both; each prints runs/s, p50/p99, CPU per run (this JVM, which hosts the worker, plus
 * the local stack's processes) and the load average. Not part of {@code verify}: run with {@code
 * ./mvnw -pl worker verify -Dit.test=MonitoringBenchmark -Dtest=None
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@ExtendWith(LocalStackExtension.class)
// Shared searches off: every run makes its own grounded call, like for like across runs.
@SpringBootTest(properties = {"server.port=0", "torale.gemini.shared-search-window=0s"})
class MonitoringBenchmark {

  static final int RUNS = Integer.getInteger("bench.runs", 200);
  static final int ROUNDS = Integer.getInteger("bench.rounds", 2);
  static final int CONCURRENCY = Integer.getInteger("bench.concurrency", 20);
  static final String BASELINE_QUEUE = "bench-baseline";

  @RegisterExtension static final GeminiFake gemini = new GeminiFake();

  @RegisterExtension static final TaskApiStandIn tasks = new TaskApiStandIn();

  @Autowired WorkflowClient client;

  @Autowired WorkerProperties workerProperties;

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

  /** Stand-ins for getTask and compareFinding (local activities in the full workflow). */
  @ActivityInterface
  public interface NoopLocal {
    String getTask(String in);

    String compareFinding(String in);
  }

  /** Stand-ins for searchWeb, judgeEvidence, sendNotification and recordRun (activities). */
  @ActivityInterface
  public interface NoopRemote {
    String searchWeb(String in);

    String judgeEvidence(String in);

    String sendNotification(String in);

    String recordRun(String in);
  }

  public static class NoopLocalImpl implements NoopLocal {
    public String getTask(String in) {
      return in;
    }

    public String compareFinding(String in) {
      return in;
    }
  }

  public static class NoopRemoteImpl implements NoopRemote {
    public String searchWeb(String in) {
      return in;
    }

    public String judgeEvidence(String in) {
      return in;
    }

    public String sendNotification(String in) {
      return in;
    }

    public String recordRun(String in) {
      return in;
    }
  }

  /** MonitoringWorkflowImpl's steps for a met, notified grounded search, with no-op bodies. */
  public static class BaselineWorkflowImpl implements BaselineWorkflow {
    private static final RetryOptions RETRY =
        RetryOptions.newBuilder()
            .setInitialInterval(Duration.ofSeconds(1))
            .setMaximumInterval(Duration.ofSeconds(30))
            .setBackoffCoefficient(2.0)
            .setMaximumAttempts(3)
            .build();

    private final NoopLocal local =
        Workflow.newLocalActivityStub(
            NoopLocal.class,
            LocalActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofSeconds(30))
                .setRetryOptions(RETRY)
                .build());
    private final NoopRemote heartbeating =
        Workflow.newActivityStub(
            NoopRemote.class,
            ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofSeconds(45))
                .setHeartbeatTimeout(Duration.ofSeconds(10))
                .setRetryOptions(RETRY)
                .build());
    private final NoopRemote remote =
        Workflow.newActivityStub(
            NoopRemote.class,
            ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofSeconds(30))
                .setRetryOptions(RETRY)
                .build());

    @Override
    public String run(String input) {
      Workflow.getVersion("local-db-activities", Workflow.DEFAULT_VERSION, 1);
      Workflow.getVersion("typed-findings", Workflow.DEFAULT_VERSION, 1);
      String task = local.getTask(input);
      String finding = heartbeating.judgeEvidence(heartbeating.searchWeb(task));
      String comparison = local.compareFinding(finding);
      remote.sendNotification(comparison);
      return remote.recordRun(comparison);
    }
  }

  @Test
  void fullWorkflowAgainstBaseline() throws Exception {
    // Configured like the real worker (TemporalWorker), so only the activities' bodies differ.
    WorkerFactory baselineFactory =
        WorkerFactory.newInstance(
            client,
            WorkerFactoryOptions.newBuilder()
                .setUsingVirtualWorkflowThreads(workerProperties.virtualThreads())
                .build());
    var worker =
        baselineFactory.newWorker(
            BASELINE_QUEUE,
            WorkerOptions.newBuilder()
                .setUsingVirtualThreads(workerProperties.virtualThreads())
                .setMaxConcurrentActivityExecutionSize(workerProperties.maxConcurrentActivities())
                .setMaxConcurrentWorkflowTaskExecutionSize(
                    workerProperties.maxConcurrentWorkflowTasks())
                .build());
    worker.registerWorkflowImplementationTypes(BaselineWorkflowImpl.class);
    worker.registerActivitiesImplementations(new NoopLocalImpl(), new NoopRemoteImpl());
    baselineFactory.start();
    try {
      List<String> taskIds = new ArrayList<>();
      for (int i = 0; i < CONCURRENCY; i++) {
        taskIds.add(task());
      }
      Function<Integer, String> full =
          i -> {
            String id = "bench-full-" + UUID.randomUUID();
            client
                .newWorkflowStub(
                    MonitoringWorkflow.class,
                    WorkflowOptions.newBuilder()
                        .setTaskQueue(MonitoringWorkflow.TASK_QUEUE)
                        .setWorkflowId(id)
                        .build())
                .run(new TaskConfig(taskIds.get(i % taskIds.size())));
            return id;
          };
      Function<Integer, String> baseline =
          i -> {
            String id = "bench-base-" + UUID.randomUUID();
            client
                .newWorkflowStub(
                    BaselineWorkflow.class,
                    WorkflowOptions.newBuilder()
                        .setTaskQueue(BASELINE_QUEUE)
                        .setWorkflowId(id)
                        .build())
                .run("x");
            return id;
          };
      String fullShape = shape(full.apply(0));
      String baselineShape = shape(baseline.apply(0));
      System.out.printf(
          "BENCHMARK shape of one run: full %s; baseline %s%n", fullShape, baselineShape);
      assertThat(baselineShape).as("baseline has the full workflow's shape").isEqualTo(fullShape);
      measure("warm-up full", full, CONCURRENCY * 2);
      measure("warm-up baseline", baseline, CONCURRENCY * 2);
      double fullSum = 0;
      double baselineSum = 0;
      for (int round = 1; round <= ROUNDS; round++) {
        boolean baselineFirst = round % 2 == 1;
        for (boolean isBaseline :
            baselineFirst ? new boolean[] {true, false} : new boolean[] {false, true}) {
          if (isBaseline) {
            baselineSum +=
                measure("round " + round + " baseline (same shape, no-op)", baseline, RUNS)
                    .perSecond;
          } else {
            fullSum += measure("round " + round + " full MonitoringWorkflow", full, RUNS).perSecond;
          }
        }
      }
      System.out.printf(
          "BENCHMARK runs=%d per phase, rounds=%d, warm-up %d per path, concurrency=%d, %d cores:"
              + " full %.1f runs/s, baseline %.1f runs/s (means), ratio full/baseline = %.2f,"
              + " load average %s%n",
          RUNS,
          ROUNDS,
          CONCURRENCY * 2,
          CONCURRENCY,
          Runtime.getRuntime().availableProcessors(),
          fullSum / ROUNDS,
          baselineSum / ROUNDS,
          fullSum / baselineSum,
          CpuMeter.loadAverage());
    } finally {
      baselineFactory.shutdown();
      baselineFactory.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
    }
  }

  /**
   * What a run costs Temporal: activity tasks scheduled and markers (local activities, versions).
   */
  private String shape(String workflowId) {
    var events = client.fetchHistory(workflowId).getEvents();
    long activities =
        events.stream()
            .filter(e -> e.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)
            .count();
    long markers =
        events.stream()
            .filter(e -> e.getEventType() == EventType.EVENT_TYPE_MARKER_RECORDED)
            .count();
    return "%d activity tasks, %d markers".formatted(activities, markers);
  }

  record Result(double perSecond, long p50, long p99) {}

  private Result measure(String name, Function<Integer, String> run, int count) throws Exception {
    List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
    var cpu = CpuMeter.now();
    long start = System.nanoTime();
    try (ExecutorService pool = Executors.newFixedThreadPool(CONCURRENCY)) {
      List<Future<?>> futures = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        int n = i;
        futures.add(
            pool.submit(
                () -> {
                  long t = System.nanoTime();
                  run.apply(n);
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
        "BENCHMARK %-44s %6.1f runs/s  p50 %4d ms  p99 %4d ms  CPU per run %s  load %s%n",
        name,
        result.perSecond,
        result.p50,
        result.p99,
        CpuMeter.now().minus(cpu).perUnit(count),
        CpuMeter.loadAverage());
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
