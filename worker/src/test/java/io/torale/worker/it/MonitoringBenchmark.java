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
import io.torale.platform.task.MatchType;
import io.torale.platform.task.Notifications;
import io.torale.platform.task.NotifyBehavior;
import io.torale.platform.task.Task;
import io.torale.platform.task.TaskSchedule;
import io.torale.platform.task.TaskSource;
import io.torale.platform.task.TextMatch;
import io.torale.testsupport.bench.CpuMeter;
import io.torale.testsupport.gemini.GeminiFake;
import io.torale.testsupport.page.PageServer;
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
 * Runs/s and CPU per run of the full workflow with an instant local Gemini (or a local page) beside
 * a baseline workflow of the same shape: the same local and remote activities in the same order,
 * with the same options and the same version marker, but no-op bodies. So the ratio is what the
 * activities' real work costs, not how many round trips through Temporal each path makes. The shape
 * is checked, not assumed: the histories of one run of each must schedule as many activity tasks,
 * record as many markers and hold as many events, or the benchmark fails.
 *
 * <p>{@code -Dbench.source}: {@code search} (default; a grounded-search task: local {@code
 * getTask}, heartbeating {@code searchWeb} and {@code judgeEvidence}, local {@code compareFinding},
 * remote {@code finishRun}) or {@code page} (a web page with a deterministic match, on a loopback
 * page: local {@code getTask}, {@code checkPage} and {@code compareFinding}, remote {@code
 * finishRun}). A third phase runs a no-op workflow of the shape before {@code lean-run} (two
 * version markers; the search or page as heartbeating activities; {@code sendNotification} then
 * {@code recordRun}), so one invocation also shows what the leaner shape saves, load for load.
 * Phases alternate ({@code -Dbench.rounds}, default 2, order rotated every round) after a warm-up
 * of each; each prints runs/s, p50/p99, CPU per run (this JVM, which hosts the worker, plus the
 * local stack's processes: the Temporal dev server, the registry, PostgreSQL) and the load average.
 * Not part of {@code verify}: run with {@code ./mvnw -pl worker verify
 * -Dit.test=MonitoringBenchmark -Dtest=None -Dsurefire.failIfNoSpecifiedTests=false}.
 */
@ExtendWith(LocalStackExtension.class)
// Shared searches off: every run makes its own grounded call, like for like across runs.
@SpringBootTest(properties = {"server.port=0", "torale.gemini.shared-search-window=0s"})
class MonitoringBenchmark {

  static final int RUNS = Integer.getInteger("bench.runs", 200);
  static final int ROUNDS = Integer.getInteger("bench.rounds", 2);
  static final int CONCURRENCY = Integer.getInteger("bench.concurrency", 20);
  static final String SOURCE = System.getProperty("bench.source", "search");
  static final String BASELINE_QUEUE = "bench-baseline";

  @RegisterExtension static final GeminiFake gemini = new GeminiFake();

  @RegisterExtension static final TaskApiStandIn tasks = new TaskApiStandIn();

  @RegisterExtension static final PageServer page = new PageServer("Status", "Status: red");

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

  /** Stand-ins for getTask, checkPage and compareFinding (local activities in the workflow). */
  @ActivityInterface
  public interface NoopLocal {
    String getTask(String in);

    String checkPage(String in);

    String compareFinding(String in);
  }

  /** Stand-ins for the activities: searches, the page before lean-run, the end of a run. */
  @ActivityInterface
  public interface NoopRemote {
    String searchWeb(String in);

    String judgeEvidence(String in);

    String executeGroundedSearch(String in);

    String sendNotification(String in);

    String recordRun(String in);

    String finishRun(String in);
  }

  public static class NoopLocalImpl implements NoopLocal {
    public String getTask(String in) {
      return in;
    }

    public String checkPage(String in) {
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

    public String executeGroundedSearch(String in) {
      return in;
    }

    public String sendNotification(String in) {
      return in;
    }

    public String recordRun(String in) {
      return in;
    }

    public String finishRun(String in) {
      return in;
    }
  }

  /**
   * MonitoringWorkflowImpl's steps for a met, notified run with no-op bodies: input {@code
   * search|page} and {@code lean|old} (the shape before lean-run), e.g. {@code page:lean}.
   */
  public static class BaselineWorkflowImpl implements BaselineWorkflow {
    private static final RetryOptions RETRY =
        RetryOptions.newBuilder()
            .setInitialInterval(Duration.ofSeconds(1))
            .setMaximumInterval(Duration.ofSeconds(30))
            .setBackoffCoefficient(2.0)
            .setMaximumAttempts(3)
            .build();

    private final NoopLocal local = local(Duration.ofSeconds(30));
    private final NoopLocal localPage = local(Duration.ofSeconds(60));
    private final NoopRemote searching = heartbeating(Duration.ofSeconds(45));
    private final NoopRemote fetching = heartbeating(Duration.ofSeconds(60));
    private final NoopRemote remote =
        Workflow.newActivityStub(
            NoopRemote.class,
            ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofSeconds(30))
                .setRetryOptions(RETRY)
                .build());

    @Override
    public String run(String input) {
      boolean page = input.startsWith("page");
      boolean lean = input.endsWith("lean");
      if (lean) {
        Workflow.getVersion("lean-run", Workflow.DEFAULT_VERSION, 1);
      } else {
        Workflow.getVersion("local-db-activities", Workflow.DEFAULT_VERSION, 1);
        Workflow.getVersion("typed-findings", Workflow.DEFAULT_VERSION, 1);
      }
      String task = local.getTask(input);
      String finding =
          !page
              ? searching.judgeEvidence(searching.searchWeb(task))
              : lean ? localPage.checkPage(task) : fetching.executeGroundedSearch(task);
      String comparison = local.compareFinding(finding);
      if (lean) {
        return remote.finishRun(comparison);
      }
      remote.sendNotification(comparison);
      return remote.recordRun(comparison);
    }

    private static NoopLocal local(Duration startToClose) {
      return Workflow.newLocalActivityStub(
          NoopLocal.class,
          LocalActivityOptions.newBuilder()
              .setStartToCloseTimeout(startToClose)
              .setRetryOptions(RETRY)
              .build());
    }

    private static NoopRemote heartbeating(Duration startToClose) {
      return Workflow.newActivityStub(
          NoopRemote.class,
          ActivityOptions.newBuilder()
              .setStartToCloseTimeout(startToClose)
              .setHeartbeatTimeout(Duration.ofSeconds(10))
              .setRetryOptions(RETRY)
              .build());
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
      Function<Integer, String> baseline = noop(SOURCE + ":lean");
      Function<Integer, String> oldShape = noop(SOURCE + ":old");
      String fullShape = shape(full.apply(0));
      String baselineShape = shape(baseline.apply(0));
      System.out.printf(
          "BENCHMARK source=%s; shape of one run: full %s; baseline %s; before lean-run %s%n",
          SOURCE, fullShape, baselineShape, shape(oldShape.apply(0)));
      assertThat(baselineShape).as("baseline has the full workflow's shape").isEqualTo(fullShape);
      List<Phase> phases =
          List.of(
              new Phase("full MonitoringWorkflow", full),
              new Phase("baseline (same shape, no-op)", baseline),
              new Phase("no-op of the shape before lean-run", oldShape));
      for (Phase phase : phases) {
        measure("warm-up " + phase.name, phase.run, CONCURRENCY * 2);
      }
      for (int round = 1; round <= ROUNDS; round++) {
        for (int k = 0; k < phases.size(); k++) {
          Phase phase = phases.get((k + round) % phases.size()); // rotated every round
          phase.add(measure("round " + round + " " + phase.name, phase.run, RUNS));
        }
      }
      Phase fullPhase = phases.get(0);
      Phase basePhase = phases.get(1);
      Phase oldPhase = phases.get(2);
      System.out.printf(
          "BENCHMARK source=%s, runs=%d per phase, rounds=%d, warm-up %d per path, concurrency=%d,"
              + " %d cores: full %.1f runs/s, baseline %.1f runs/s (means), ratio full/baseline"
              + " = %.2f; CPU per run (means) full %.1f ms, baseline %.1f ms, no-op of the shape"
              + " before lean-run %.1f ms; load average %s%n",
          SOURCE,
          RUNS,
          ROUNDS,
          CONCURRENCY * 2,
          CONCURRENCY,
          Runtime.getRuntime().availableProcessors(),
          fullPhase.perSecond / ROUNDS,
          basePhase.perSecond / ROUNDS,
          fullPhase.perSecond / basePhase.perSecond,
          fullPhase.cpuMillis / ROUNDS,
          basePhase.cpuMillis / ROUNDS,
          oldPhase.cpuMillis / ROUNDS,
          CpuMeter.loadAverage());
    } finally {
      baselineFactory.shutdown();
      baselineFactory.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
    }
  }

  private Function<Integer, String> noop(String input) {
    return i -> {
      String id = "bench-base-" + UUID.randomUUID();
      client
          .newWorkflowStub(
              BaselineWorkflow.class,
              WorkflowOptions.newBuilder().setTaskQueue(BASELINE_QUEUE).setWorkflowId(id).build())
          .run(input);
      return id;
    };
  }

  /** One measured path and its sums over the rounds. */
  static final class Phase {
    final String name;
    final Function<Integer, String> run;
    double perSecond;
    double cpuMillis;

    Phase(String name, Function<Integer, String> run) {
      this.name = name;
      this.run = run;
    }

    void add(Result result) {
      perSecond += result.perSecond;
      cpuMillis += result.cpuMillisPerRun;
    }
  }

  /**
   * What a run costs Temporal: activity tasks scheduled, markers (local activities, versions),
   * workflow tasks and history events.
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
    long workflowTasks =
        events.stream()
            .filter(e -> e.getEventType() == EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED)
            .count();
    return "%d workflow tasks, %d activity tasks, %d markers, %d events"
        .formatted(workflowTasks, activities, markers, events.size());
  }

  record Result(double perSecond, long p50, long p99, double cpuMillisPerRun) {}

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
    CpuMeter.Sample used = CpuMeter.now().minus(cpu);
    List<Long> sorted = latencies.stream().sorted().toList();
    Result result =
        new Result(
            count / seconds,
            sorted.get(sorted.size() / 2),
            sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(sorted.size() * 0.99) - 1)),
            used.totalNanos() / 1e6 / count);
    System.out.printf(
        "BENCHMARK %-44s %6.1f runs/s  p50 %4d ms  p99 %4d ms  CPU per run %s  load %s%n",
        name,
        result.perSecond,
        result.p50,
        result.p99,
        used.perUnit(count),
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
            .source(
                SOURCE.equals("page")
                    ? new TaskSource.WebPage(
                        page.url("/status"), null, new TextMatch(MatchType.CONTAINS, "Status: red"))
                    : new TaskSource.GroundedSearch())
            .notifyBehavior(NotifyBehavior.ALWAYS)
            .notifications(new Notifications(List.of("a@example.com"), List.of()))
            .build());
    return id.toString();
  }
}
