package io.torale.e2e;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.SearchAttributeKey;
import io.temporal.common.SearchAttributes;
import io.torale.schemas.v1.CommandOutcome;
import io.torale.schemas.v1.CommandResult;
import io.torale.schemas.v1.CreateTask;
import io.torale.schemas.v1.Notifications;
import io.torale.schemas.v1.NotifyBehavior;
import io.torale.schemas.v1.Schedule;
import io.torale.schemas.v1.TaskCommand;
import io.torale.schemas.v1.Webhook;
import io.torale.testsupport.commands.Commands;
import io.torale.testsupport.gemini.GeminiFake;
import io.torale.testsupport.kafka.CommandBus;
import io.torale.testsupport.webhook.Received;
import io.torale.testsupport.webhook.WebhookReceiver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 6's benchmark: latency from publishing {@code RunTaskNow} to the webhook being received,
 * with an instant local Gemini, beside the floor — the same workflow of the same kind of task
 * started directly through the Temporal client, to the same webhook. The two paths alternate (the
 * order flips every round) so the noise of this shared machine hits both; warm-up rounds are
 * discarded. Runs are sequential: this is latency, not throughput.
 *
 * <p>Not part of {@code verify} (the name matches no failsafe include); run with {@code ./mvnw -B
 * -pl e2e verify -Dit.test=LatencyBenchmark}. {@code -Dbench.runs} (200) and {@code -Dbench.warmup}
 * (20) set the rounds. It prints p50/p99/max of both paths, where the time goes (from the
 * workflows' histories) and pass/miss against the goals, and writes the same to {@code
 * e2e/target/latency-benchmark.txt}; it asserts nothing about timing.
 */
class LatencyBenchmark {

  static final int RUNS = Integer.getInteger("bench.runs", 200);
  static final int WARMUP = Integer.getInteger("bench.warmup", 20);

  /** Tasks used in turn, so a task's previous run has long ended when it is run again. */
  static final int TASKS = 4;

  static final Duration WEBHOOK_TIMEOUT = Duration.ofSeconds(60);
  static final Duration GOAL_P50 = Duration.ofMillis(300);
  static final Duration GOAL_P99 = Duration.ofSeconds(1);
  static final double GOAL_RATIO = 2.0;

  static final SearchAttributeKey<String> TASK_ID = SearchAttributeKey.forKeyword("TaskId");

  enum Route {
    KAFKA("RunTaskNow via Kafka"),
    FLOOR("Temporal client (floor)");

    final String label;

    Route(String label) {
      this.label = label;
    }
  }

  /**
   * One measured run: end-to-end latency, and its parts from the workflow history: until the
   * workflow started, the workflow until its notification was published, and from there to the
   * webhook (notifier).
   */
  record Sample(
      Route path,
      double totalMs,
      double toStartMs,
      double workflowMs,
      double notifyMs,
      Map<String, Double> workflowParts) {}

  @RegisterExtension static final GeminiFake gemini = new GeminiFake();

  @RegisterExtension
  static final WebhookReceiver webhooks = new WebhookReceiver(ToraleSystem.WEBHOOK_SECRET);

  static ToraleSystem system;
  static CommandBus bus;
  static WorkflowClient client;

  @BeforeAll
  static void start() {
    system = ToraleSystem.get(gemini.workerProperties());
    bus = system.bus();
    client =
        WorkflowClient.newInstance(
            system.temporal(), WorkflowClientOptions.newBuilder().setNamespace("default").build());
  }

  @Test
  void runTaskNowAgainstTheFloor() throws Exception {
    List<String> tasks = new ArrayList<>();
    for (int i = 0; i < TASKS; i++) {
      tasks.add(createTask());
    }
    List<Sample> samples = new ArrayList<>();
    List<String> misses = new ArrayList<>();
    int run = 0;
    for (int round = 0; round < WARMUP + RUNS; round++) {
      List<Route> order =
          round % 2 == 0 ? List.of(Route.KAFKA, Route.FLOOR) : List.of(Route.FLOOR, Route.KAFKA);
      for (Route path : order) {
        String taskId = tasks.get(run++ % TASKS);
        try {
          Sample sample = path == Route.KAFKA ? viaKafka(taskId) : viaTemporal(taskId);
          if (round >= WARMUP) {
            samples.add(sample);
          }
        } catch (TimeoutException e) {
          misses.add(path + " round " + round + ": " + e.getMessage());
        }
      }
    }
    report(samples, misses);
  }

  private Sample viaKafka(String taskId) throws Exception {
    TaskCommand command = Commands.envelope(taskId, Commands.runNow());
    String workflowId = "task-" + taskId + "-now-" + command.getCommandId();
    var arrival = webhooks.expect(workflowId);
    Instant wall = Instant.now();
    long start = System.nanoTime();
    bus.publish(command);
    return measured(Route.KAFKA, workflowId, start, wall, arrival, command.getCommandId());
  }

  private Sample viaTemporal(String taskId) throws Exception {
    String workflowId = "task-" + taskId + "-floor-" + UUID.randomUUID();
    var arrival = webhooks.expect(workflowId);
    // As the command-consumer starts it: same type, queue, argument, memo and search attribute.
    WorkflowStub stub =
        client.newUntypedWorkflowStub(
            "MonitoringWorkflow",
            WorkflowOptions.newBuilder()
                .setWorkflowId(workflowId)
                .setTaskQueue("torale-workers")
                .setMemo(Map.of("TaskId", taskId))
                .setTypedSearchAttributes(
                    SearchAttributes.newBuilder().set(TASK_ID, taskId).build())
                .build());
    Instant wall = Instant.now();
    long start = System.nanoTime();
    stub.start(Map.of("taskId", taskId)); // TaskConfig(taskId) in JSON
    return measured(Route.FLOOR, workflowId, start, wall, arrival, null);
  }

  private Sample measured(
      Route path,
      String workflowId,
      long start,
      Instant wall,
      java.util.concurrent.CompletableFuture<Received> arrival,
      String commandId)
      throws Exception {
    Received received;
    try {
      received = arrival.get(WEBHOOK_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      String why =
          commandId == null
              ? ""
              : bus.all(CommandResult.class, r -> r.getCommandId().equals(commandId)).stream()
                  .findFirst()
                  .map(r -> " (command " + r.getOutcome() + " " + r.getReasons() + ")")
                  .orElse(" (no command result)");
      throw new TimeoutException("no webhook for " + workflowId + why);
    }
    if (!received.signatureValid()) {
      throw new IllegalStateException("webhook of " + workflowId + " has an invalid signature");
    }
    // The run ends before the next starts (and a RunTaskNow of a task with a run open is refused).
    WorkflowStub run =
        client.newUntypedWorkflowStub(workflowId, Optional.empty(), Optional.empty());
    run.getResult(60, TimeUnit.SECONDS, Map.class);
    RunTimeline timeline = RunTimeline.of(client.fetchHistory(workflowId).getEvents());
    if (timeline.notified() == null) {
      throw new IllegalStateException(workflowId + " did not notify");
    }
    return new Sample(
        path,
        (received.nanos() - start) / 1e6,
        millisBetween(wall, timeline.started()),
        millisBetween(timeline.started(), timeline.notified()),
        millisBetween(timeline.notified(), received.wall()),
        timeline.parts());
  }

  private static String createTask() {
    String taskId = UUID.randomUUID().toString();
    CreateTask create =
        CreateTask.newBuilder()
            .setName("Latency benchmark")
            .setSearchQuery("next iPhone release date")
            .setCondition("a release date has been announced")
            // Never fires during the benchmark: every run is started explicitly.
            .setSchedule(new Schedule("0 3 1 1 *", "UTC"))
            .setNotifyBehavior(NotifyBehavior.ALWAYS)
            .setNotifications(
                new Notifications(List.of(), List.of(new Webhook(webhooks.url(), null))))
            .setOwner("latency-benchmark")
            .setContext(Map.of())
            .build();
    TaskCommand command = Commands.envelope(taskId, create);
    bus.publish(command);
    CommandResult result =
        bus.await(
            CommandResult.class,
            r -> r.getCommandId().equals(command.getCommandId()),
            Duration.ofSeconds(60));
    if (result.getOutcome() != CommandOutcome.APPLIED) {
      throw new IllegalStateException("CreateTask not applied: " + result.getReasons());
    }
    return taskId;
  }

  private void report(List<Sample> samples, List<String> misses) {
    List<Sample> kafka = samples.stream().filter(s -> s.path() == Route.KAFKA).toList();
    List<Sample> floor = samples.stream().filter(s -> s.path() == Route.FLOOR).toList();
    StringBuilder out = new StringBuilder();
    out.append(
        "LATENCY publish → webhook received, instant local Gemini, %d measured runs per path after %d warm-up rounds (%s cores)%n"
            .formatted(RUNS, WARMUP, Runtime.getRuntime().availableProcessors()));
    out.append(
        "LATENCY %-26s %5s %8s %8s %8s %8s   %-30s%n"
            .formatted(
                "path",
                "n",
                "p50 ms",
                "p99 ms",
                "max ms",
                "mean ms",
                "p50 of: start/workflow/notify"));
    line(out, Route.KAFKA, kafka);
    line(out, Route.FLOOR, floor);
    if (!kafka.isEmpty() && !floor.isEmpty()) {
      double p50 = percentile(kafka, 0.50, Sample::totalMs);
      double p99 = percentile(kafka, 0.99, Sample::totalMs);
      double ratio50 = p50 / percentile(floor, 0.50, Sample::totalMs);
      double ratio99 = p99 / percentile(floor, 0.99, Sample::totalMs);
      out.append("LATENCY ratio to the floor: p50 %.2f×, p99 %.2f×%n".formatted(ratio50, ratio99));
      out.append(
          "LATENCY goal p50 < %d ms: %s; p99 < %d ms: %s; within %.0f× the floor (p50/p99): %s/%s%n"
              .formatted(
                  GOAL_P50.toMillis(),
                  verdict(p50 < GOAL_P50.toMillis()),
                  GOAL_P99.toMillis(),
                  verdict(p99 < GOAL_P99.toMillis()),
                  GOAL_RATIO,
                  verdict(ratio50 <= GOAL_RATIO),
                  verdict(ratio99 <= GOAL_RATIO)));
    }
    out.append(
        "LATENCY inside the workflow, p50 ms by part (whole run, incl. after the notification):\n");
    parts(out, Route.KAFKA, kafka);
    parts(out, Route.FLOOR, floor);
    out.append("LATENCY load average at the end (1/5/15 min): %s%n".formatted(loadAverage()));
    out.append(
        "LATENCY runs without a webhook within %s: %d%n".formatted(WEBHOOK_TIMEOUT, misses.size()));
    misses.forEach(miss -> out.append("LATENCY   ").append(miss).append('\n'));
    out.append("LATENCY local Gemini requests: %d%n".formatted(gemini.requests()));
    System.out.print(out);
    try {
      java.nio.file.Path file = java.nio.file.Path.of("target", "latency-benchmark.txt");
      Files.createDirectories(file.getParent());
      Files.writeString(file, out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void line(StringBuilder out, Route path, List<Sample> samples) {
    if (samples.isEmpty()) {
      out.append("LATENCY %-26s     0%n".formatted(path.label));
      return;
    }
    out.append(
        "LATENCY %-26s %5d %8.1f %8.1f %8.1f %8.1f   %.0f/%.0f/%.0f%n"
            .formatted(
                path.label,
                samples.size(),
                percentile(samples, 0.50, Sample::totalMs),
                percentile(samples, 0.99, Sample::totalMs),
                percentile(samples, 1.0, Sample::totalMs),
                samples.stream().mapToDouble(Sample::totalMs).average().orElseThrow(),
                percentile(samples, 0.50, Sample::toStartMs),
                percentile(samples, 0.50, Sample::workflowMs),
                percentile(samples, 0.50, Sample::notifyMs)));
  }

  private static void parts(StringBuilder out, Route path, List<Sample> samples) {
    if (samples.isEmpty()) {
      return;
    }
    StringBuilder line = new StringBuilder("LATENCY   %-24s".formatted(path.label));
    for (String part : samples.getFirst().workflowParts().keySet()) {
      double p50 = percentile(samples, 0.50, s -> s.workflowParts().getOrDefault(part, 0.0));
      line.append("  %s %.0f".formatted(part, p50));
    }
    out.append(line).append('\n');
  }

  /** The machine is shared: the load says how much the numbers can be trusted. */
  private static String loadAverage() {
    try {
      String[] fields = Files.readString(java.nio.file.Path.of("/proc/loadavg")).split(" ");
      return fields[0] + " " + fields[1] + " " + fields[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  /** Nearest rank. */
  static double percentile(List<Sample> samples, double p, ToDoubleFunction<Sample> value) {
    List<Double> sorted =
        samples.stream().map(value::applyAsDouble).sorted(Comparator.naturalOrder()).toList();
    int rank = (int) Math.ceil(p * sorted.size());
    return sorted.get(Math.max(0, rank - 1));
  }

  private static String verdict(boolean met) {
    return met ? "PASS" : "MISS";
  }

  private static double millisBetween(Instant from, Instant to) {
    return Duration.between(from, to).toNanos() / 1e6;
  }
}
