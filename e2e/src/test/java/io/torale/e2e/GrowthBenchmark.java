package io.torale.e2e;

import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.schedules.Schedule;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.temporal.client.schedules.ScheduleAlreadyRunningException;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleOptions;
import io.temporal.client.schedules.SchedulePolicy;
import io.temporal.client.schedules.ScheduleSpec;
import io.temporal.common.SearchAttributeKey;
import io.temporal.common.SearchAttributes;
import io.torale.schemas.v1.CommandOutcome;
import io.torale.schemas.v1.CommandResult;
import io.torale.schemas.v1.CreateTask;
import io.torale.schemas.v1.Notifications;
import io.torale.schemas.v1.NotifyBehavior;
import io.torale.schemas.v1.TaskCommand;
import io.torale.schemas.v1.Webhook;
import io.torale.testsupport.bench.CpuMeter;
import io.torale.testsupport.commands.Commands;
import io.torale.testsupport.gemini.GeminiFake;
import io.torale.testsupport.kafka.CommandBus;
import io.torale.testsupport.webhook.WebhookReceiver;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 13's growth benchmark: the same three figures with 1,000 and then 10,000 existing tasks —
 * CreateTask commands applied per second, RunTaskNow → webhook p50/p99, and one reconciler pass
 * ({@code POST /admin/reconcile}) — on the whole system (the three services as processes on the
 * local stack, Gemini a local fake, the webhook a local receiver).
 *
 * <p>Existing tasks are seeded the fastest honest way: their rows are inserted into
 * command-consumer's {@code tasks} table in JDBC batches, and their Temporal schedules are created
 * with {@code ScheduleClient.createSchedule} on {@code bench.seed-threads} (16) threads, with the
 * same shape command-consumer gives a task's schedule (id {@code task-<id>}, cron {@code 0 3 1 1 *}
 * UTC so none fires during the run, overlap SKIP, catch-up 1 min, memo and {@code TaskId} search
 * attribute, action {@code MonitoringWorkflow} on {@code torale-workers}). So the reconciler finds
 * them consistent and the pass measures its reading, not repairs; the benchmark prints what the
 * pass repaired. Going through commands would take ~10 minutes per 10,000 tasks here.
 *
 * <p>Not part of {@code verify}: {@code ./mvnw -B -pl e2e verify -Dit.test=GrowthBenchmark
 * -Dtest=None -Dsurefire.failIfNoSpecifiedTests=false}; {@code -Dbench.sizes=1000,10000}, {@code
 * -Dbench.commands=100}, {@code -Dbench.runs=30}, {@code -Dbench.passes=3} (reconciler passes per
 * size: the median time and the mean CPU are printed) are the defaults. It asserts nothing about
 * timing. The service's own start-up and periodic passes are turned off, so only measured passes
 * run.
 */
class GrowthBenchmark {

  static final List<Integer> SIZES =
      Arrays.stream(System.getProperty("bench.sizes", "1000,10000").split(","))
          .map(String::trim)
          .map(Integer::parseInt)
          .toList();
  static final int COMMANDS = Integer.getInteger("bench.commands", 100);
  static final int RUNS = Integer.getInteger("bench.runs", 30);
  static final int SEED_THREADS = Integer.getInteger("bench.seed-threads", 16);
  static final int RUN_TASKS = 4;
  static final int PASSES = Integer.getInteger("bench.passes", 3);

  static final SearchAttributeKey<String> TASK_ID = SearchAttributeKey.forKeyword("TaskId");

  @RegisterExtension static final GeminiFake gemini = new GeminiFake();

  @RegisterExtension
  static final WebhookReceiver webhooks = new WebhookReceiver(ToraleSystem.WEBHOOK_SECRET);

  record Figures(
      int tasks,
      double commandsPerSecond,
      String cpuPerCommand,
      double runP50,
      double runP99,
      double reconcileSeconds,
      double reconcileCpuSeconds,
      String reconcileReport,
      String load) {}

  ToraleSystem system;
  CommandBus bus;

  @Test
  void figuresGrowWithExistingTasks() throws Exception {
    Map<String, String> properties = new java.util.HashMap<>(gemini.workerProperties());
    // Only the passes this benchmark asks for run: a periodic one during seeding would describe
    // and create the schedules of rows whose schedule is not created yet, and hold up the measured
    // pass (passes of one instance do not overlap).
    properties.put("torale.reconcile.interval", "6h");
    properties.put("torale.reconcile.on-startup", "false");
    system = ToraleSystem.get(properties);
    bus = system.bus();
    List<String> runTasks = new ArrayList<>();
    for (int i = 0; i < RUN_TASKS; i++) {
      runTasks.add(createWebhookTask());
    }
    // Warm-up: JIT, connections, schema lookups, Temporal's caches.
    applyCreates(30);
    runNowLatencies(runTasks, 8);
    reconcile();

    List<Figures> figures = new ArrayList<>();
    for (int size : SIZES) {
      long seedStart = System.nanoTime();
      int seeded = seed(size - liveTasks());
      System.out.printf(
          "GROWTH seeded %d tasks in %.1f s (now %d live tasks)%n",
          seeded, (System.nanoTime() - seedStart) / 1e9, liveTasks());
      long listingStart = System.nanoTime();
      awaitListing(liveTasks());
      System.out.printf(
          "GROWTH the schedule listing caught up in %.1f s%n",
          (System.nanoTime() - listingStart) / 1e9);
      figures.add(measure(size, runTasks));
    }
    report(figures);
  }

  private Figures measure(int size, List<String> runTasks) throws Exception {
    // A pass is short now (pages, not a describe per task): the median of a few, CPU averaged.
    var cpu = CpuMeter.now();
    List<Double> passes = new ArrayList<>();
    String report = "";
    for (int i = 0; i < PASSES; i++) {
      long start = System.nanoTime();
      report = reconcile();
      passes.add((System.nanoTime() - start) / 1e9);
    }
    passes.sort(Double::compare);
    double reconcileSeconds = passes.get(PASSES / 2);
    double reconcileCpu = CpuMeter.now().minus(cpu).totalNanos() / 1e9 / PASSES;

    cpu = CpuMeter.now();
    double rate = applyCreates(COMMANDS);
    String cpuPerCommand = CpuMeter.now().minus(cpu).perUnit(COMMANDS);

    List<Double> latencies = runNowLatencies(runTasks, RUNS);
    latencies.sort(Double::compare);
    return new Figures(
        size,
        rate,
        cpuPerCommand,
        percentile(latencies, 0.50),
        percentile(latencies, 0.99),
        reconcileSeconds,
        reconcileCpu,
        report,
        CpuMeter.loadAverage());
  }

  private void report(List<Figures> figures) {
    StringBuilder out = new StringBuilder();
    out.append(
        "GROWTH %d commands per size, %d RunTaskNow runs per size, %d cores%n"
            .formatted(COMMANDS, RUNS, Runtime.getRuntime().availableProcessors()));
    for (Figures f : figures) {
      out.append(
          ("GROWTH %6d tasks: commands %.1f /s (CPU per command %s); RunTaskNow→webhook p50 %.0f ms"
                  + " p99 %.0f ms; reconciler pass %.2f s (CPU %.2f s, %.1f ms per 1k tasks; %s);"
                  + " load %s%n")
              .formatted(
                  f.tasks(),
                  f.commandsPerSecond(),
                  f.cpuPerCommand(),
                  f.runP50(),
                  f.runP99(),
                  f.reconcileSeconds(),
                  f.reconcileCpuSeconds(),
                  f.reconcileCpuSeconds() * 1e6 / f.tasks(),
                  f.reconcileReport(),
                  f.load()));
    }
    if (figures.size() >= 2) {
      Figures small = figures.getFirst();
      Figures large = figures.getLast();
      out.append(
          ("GROWTH %d vs %d tasks: command rate %.2f×, run p50 %.2f×, run p99 %.2f×, reconciler"
                  + " pass %.2f× (CPU %.2f×)%n")
              .formatted(
                  large.tasks(),
                  small.tasks(),
                  small.commandsPerSecond() / large.commandsPerSecond(),
                  large.runP50() / small.runP50(),
                  large.runP99() / small.runP99(),
                  large.reconcileSeconds() / small.reconcileSeconds(),
                  large.reconcileCpuSeconds() / small.reconcileCpuSeconds()));
    }
    System.out.print(out);
  }

  /** Publishes n CreateTask commands at once and returns commands applied per second. */
  private double applyCreates(int n) {
    List<TaskCommand> sent = new ArrayList<>(n);
    long start = System.nanoTime();
    for (int i = 0; i < n; i++) {
      sent.add(bus.publishAsync(Commands.create(UUID.randomUUID().toString())));
    }
    for (TaskCommand command : sent) {
      CommandResult result = bus.awaitResult(command, Duration.ofMinutes(5));
      if (result.getOutcome() != CommandOutcome.APPLIED) {
        throw new IllegalStateException("not applied: " + result);
      }
    }
    return n / ((System.nanoTime() - start) / 1e9);
  }

  /** Sequential RunTaskNow commands, each until its signed webhook arrived, in milliseconds. */
  private List<Double> runNowLatencies(List<String> tasks, int runs) throws Exception {
    List<Double> latencies = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      String taskId = tasks.get(i % tasks.size());
      TaskCommand command = Commands.envelope(taskId, Commands.runNow());
      String workflowId = "task-" + taskId + "-now-" + command.getCommandId();
      var arrival = webhooks.expect(workflowId);
      long start = System.nanoTime();
      bus.publish(command);
      var received = arrival.get(60, TimeUnit.SECONDS);
      if (!received.signatureValid()) {
        throw new IllegalStateException("invalid signature on " + workflowId);
      }
      latencies.add((received.nanos() - start) / 1e6);
      // The run closes before the task is run again (an open run makes RunTaskNow wait).
      system
          .workflows()
          .newUntypedWorkflowStub(workflowId, Optional.empty(), Optional.empty())
          .getResult(60, TimeUnit.SECONDS, Map.class);
    }
    return latencies;
  }

  /** One reconciler pass through the admin API; returns its report (what it repaired). */
  private String reconcile() throws Exception {
    try (HttpClient http = HttpClient.newHttpClient()) {
      HttpResponse<String> response =
          http.send(
              HttpRequest.newBuilder(URI.create(system.adminUrl() + "/admin/reconcile"))
                  .header("Authorization", "Bearer " + ToraleSystem.ADMIN_TOKEN)
                  .timeout(Duration.ofMinutes(10))
                  .POST(HttpRequest.BodyPublishers.noBody())
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException("reconcile: HTTP " + response.statusCode());
      }
      return response.body();
    }
  }

  /**
   * Waits until Temporal's schedule listing (its visibility store, which lags creation) shows every
   * live task's schedule, so the measured pass compares a settled system, as a periodic pass would,
   * rather than describing the schedules created in the last seconds of seeding.
   */
  private void awaitListing(int expected) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
    while (system.schedules().listSchedules(1000).count() < expected) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the schedule listing did not reach " + expected);
      }
      Thread.sleep(1000);
    }
  }

  private int liveTasks() throws Exception {
    try (Connection db = database();
        ResultSet rows =
            db.createStatement()
                .executeQuery(
                    "SELECT count(*) FROM command_consumer.tasks WHERE status IN ('ACTIVE','PAUSED')")) {
      rows.next();
      return rows.getInt(1);
    }
  }

  /**
   * Rows first (JDBC batches), then schedules (parallel), so no reconciler sees a lone schedule.
   */
  private int seed(int count) throws Exception {
    if (count <= 0) {
      return 0;
    }
    List<String> ids = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      ids.add(UUID.randomUUID().toString());
    }
    try (Connection db = database();
        PreparedStatement insert =
            db.prepareStatement(
                """
                INSERT INTO command_consumer.tasks (id, name, search_query, condition, cron,
                    time_zone, notify_behavior, source_type, owner, status)
                VALUES (CAST(? AS UUID), 'growth seed', 'next iPhone release date',
                    'a release date has been announced', '0 3 1 1 *', 'UTC', 'ALWAYS',
                    'GROUNDED_SEARCH', 'growth-benchmark', 'ACTIVE')
                """)) {
      db.setAutoCommit(false);
      for (int i = 0; i < ids.size(); i++) {
        insert.setString(1, ids.get(i));
        insert.addBatch();
        if (i % 1000 == 999 || i == ids.size() - 1) {
          insert.executeBatch();
          db.commit();
        }
      }
    }
    ScheduleClient schedules = system.schedules();
    try (ExecutorService pool = Executors.newFixedThreadPool(SEED_THREADS)) {
      List<Future<?>> futures = new ArrayList<>();
      for (String id : ids) {
        futures.add(pool.submit(() -> createSchedule(schedules, id)));
      }
      for (Future<?> f : futures) {
        f.get();
      }
    }
    return count;
  }

  /** The schedule command-consumer gives such a task (ScheduleSpecs there). */
  private static void createSchedule(ScheduleClient schedules, String taskId) {
    var action =
        ScheduleActionStartWorkflow.newBuilder()
            .setWorkflowType("MonitoringWorkflow")
            .setArguments(Map.of("taskId", taskId))
            .setOptions(
                WorkflowOptions.newBuilder()
                    .setWorkflowId("task-" + taskId)
                    .setTaskQueue("torale-workers")
                    .setMemo(Map.of("TaskId", taskId))
                    .setTypedSearchAttributes(
                        SearchAttributes.newBuilder().set(TASK_ID, taskId).build())
                    .build())
            .build();
    var schedule =
        Schedule.newBuilder()
            .setAction(action)
            .setSpec(
                ScheduleSpec.newBuilder()
                    .setCronExpressions(List.of("0 3 1 1 *"))
                    .setTimeZoneName("UTC")
                    .build())
            .setPolicy(
                SchedulePolicy.newBuilder()
                    .setOverlap(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP)
                    .setCatchupWindow(Duration.ofMinutes(1))
                    .build())
            .build();
    try {
      schedules.createSchedule(
          "task-" + taskId,
          schedule,
          ScheduleOptions.newBuilder()
              .setMemo(Map.of("TaskId", taskId))
              .setTypedSearchAttributes(SearchAttributes.newBuilder().set(TASK_ID, taskId).build())
              .build());
    } catch (ScheduleAlreadyRunningException reconciledFirst) {
      // A periodic reconciler pass saw the row first and created it: the same schedule.
    }
  }

  private Connection database() throws Exception {
    var stack = system.stack();
    return DriverManager.getConnection(stack.jdbcUrl(), stack.dbUser(), stack.dbPassword());
  }

  private String createWebhookTask() {
    String taskId = UUID.randomUUID().toString();
    CreateTask create =
        CreateTask.newBuilder()
            .setName("Growth benchmark")
            .setSearchQuery("next iPhone release date")
            .setCondition("a release date has been announced")
            .setSchedule(new io.torale.schemas.v1.Schedule("0 3 1 1 *", "UTC"))
            .setNotifyBehavior(NotifyBehavior.ALWAYS)
            .setNotifications(
                new Notifications(List.of(), List.of(new Webhook(webhooks.url(), null))))
            .setOwner("growth-benchmark")
            .setContext(Map.of())
            .build();
    TaskCommand command = Commands.envelope(taskId, create);
    CommandResult result = bus.awaitResult(bus.publish(command));
    if (result.getOutcome() != CommandOutcome.APPLIED) {
      throw new IllegalStateException("CreateTask not applied: " + result.getReasons());
    }
    return taskId;
  }

  /** Nearest rank. */
  private static double percentile(List<Double> sorted, double p) {
    int rank = (int) Math.ceil(p * sorted.size());
    return sorted.get(Math.max(0, rank - 1));
  }
}
