package io.torale.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.torale.schemas.RegistrySerdes;
import io.torale.schemas.Topics;
import io.torale.schemas.v1.CommandOutcome;
import io.torale.schemas.v1.CommandResult;
import io.torale.schemas.v1.CreateTask;
import io.torale.schemas.v1.Notifications;
import io.torale.schemas.v1.NotifyBehavior;
import io.torale.schemas.v1.PauseTask;
import io.torale.schemas.v1.ResumeTask;
import io.torale.schemas.v1.RunTaskNow;
import io.torale.schemas.v1.TaskCommand;
import io.torale.schemas.v1.TaskExecuted;
import io.torale.schemas.v1.UpdateTask;
import io.torale.schemas.v1.Webhook;
import io.torale.testsupport.commands.Commands;
import io.torale.testsupport.kafka.CommandBus;
import io.torale.testsupport.page.PageServer;
import io.torale.testsupport.webhook.WebhookReceiver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;

/**
 * The closing note's measurement: a burst of commands over many tasks with command-consumer killed
 * ({@code kill -9}, a real process) in the middle of it and started again. Counts what an
 * integrator sees: commands sent, results seen by a {@code read_committed} consumer (and, for
 * contrast, by a {@code read_uncommitted} one, which also sees results of aborted transactions),
 * commands without a result (lost) or with more than one (doubled), and effects lost or doubled:
 * each task's final name, status and schedule state against the last of its commands, and the runs
 * each RunTaskNow started (exactly one expected).
 *
 * <p>Not part of {@code verify} (the name matches no failsafe include); run with {@code ./mvnw -B
 * -pl e2e verify -Dit.test=BurstCrashBenchmark -Dtest=None -Dsurefire.failIfNoSpecifiedTests=false}
 * after {@code ./mvnw -B install -DskipTests}. {@code -Dbench.tasks} (30) and {@code
 * -Dbench.perTask} (10) set the burst; the kill comes when {@code -Dbench.killAt} (half) of the
 * results were seen. Prints the counts and writes them to {@code e2e/target/burst-crash.txt}, then
 * asserts none lost and none doubled.
 */
class BurstCrashBenchmark {

  static final int TASKS = Integer.getInteger("bench.tasks", 30);
  static final int PER_TASK = Integer.getInteger("bench.perTask", 10);
  static final int KILL_AT = Integer.getInteger("bench.killAt", TASKS * PER_TASK / 2);
  static final Duration WAIT = Duration.ofMinutes(5);

  /** The j-th command of a task: updates (a new name each) between pause/resume, one run-now. */
  private static Object command(int j) {
    if (j == 4) {
      return new RunTaskNow("burst");
    }
    if (j % 2 == 0) {
      return UpdateTask.newBuilder().setName("burst-" + j).build();
    }
    return j % 4 == 1 ? new PauseTask("burst") : new ResumeTask("burst");
  }

  @Test
  void aBurstWithCommandConsumerKilledInTheMiddle() throws Exception {
    ToraleSystem system = ToraleSystem.get();
    var stack = system.stack();
    try (CommandBus bus = new CommandBus(stack.kafkaBootstrapServers(), stack.registryUrl());
        var webhooks = new WebhookReceiver(ToraleSystem.WEBHOOK_SECRET);
        var page = new PageServer("Shop status", "Status: open");
        var uncommitted =
            new UncommittedResults(stack.kafkaBootstrapServers(), stack.registryUrl())) {
      List<String> tasks = new ArrayList<>();
      for (int i = 0; i < TASKS; i++) {
        String taskId = UUID.randomUUID().toString();
        tasks.add(taskId);
        bus.apply(taskId, createTask(page.url(), webhooks.url()));
      }

      List<TaskCommand> burst = new ArrayList<>();
      for (int j = 0; j < PER_TASK; j++) {
        for (String taskId : tasks) {
          burst.add(Commands.envelope(taskId, command(j)));
        }
      }
      Set<String> ids = burst.stream().map(TaskCommand::getCommandId).collect(Collectors.toSet());
      long started = System.nanoTime();
      burst.forEach(bus::publish);
      await().atMost(WAIT).until(() -> resultsOf(bus, ids).size() >= KILL_AT);
      int seenAtKill = resultsOf(bus, ids).size();
      system.kill("command-consumer");
      long killedAt = System.nanoTime();
      system.start("command-consumer");
      long restartedAt = System.nanoTime();
      await().atMost(WAIT).until(() -> byCommand(resultsOf(bus, ids)).size() == ids.size());
      long answeredAt = System.nanoTime();
      // Time for any late second result to show up.
      await().pollDelay(Duration.ofSeconds(10)).atMost(Duration.ofSeconds(15)).until(() -> true);

      List<CommandResult> results = resultsOf(bus, ids);
      Map<String, List<CommandResult>> byCommand = byCommand(results);
      long lost = ids.stream().filter(id -> !byCommand.containsKey(id)).count();
      long doubled = byCommand.values().stream().filter(list -> list.size() > 1).count();
      long notApplied =
          results.stream().filter(r -> r.getOutcome() != CommandOutcome.APPLIED).count();
      long noChange = results.stream().filter(r -> r.getDetail() != null).count();
      int uncommittedSeen = uncommitted.countFor(ids);

      // Effects: every task ends as its last commands say, and each RunTaskNow ran exactly once.
      List<String> runNows =
          burst.stream()
              .filter(c -> c.getCommand() instanceof RunTaskNow)
              .map(TaskCommand::getCommandId)
              .toList();
      await()
          .atMost(WAIT)
          .until(() -> runNows.stream().allMatch(id -> !executionsOf(bus, id).isEmpty()));
      await().pollDelay(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(10)).until(() -> true);
      long runsLost = runNows.stream().filter(id -> executionsOf(bus, id).isEmpty()).count();
      long runsDoubled = runNows.stream().filter(id -> executionsOf(bus, id).size() > 1).count();
      String expectedName = "burst-" + lastUpdate();
      boolean expectedPaused = lastPauseOrResume() instanceof PauseTask;
      long stateWrong = 0;
      try (var stubs =
          new AutoCloseableStubs(
              WorkflowServiceStubs.newServiceStubs(
                  WorkflowServiceStubsOptions.newBuilder()
                      .setTarget(stack.temporalTarget())
                      .build()))) {
        ScheduleClient schedules =
            ScheduleClient.newInstance(
                stubs.stubs(), ScheduleClientOptions.newBuilder().setNamespace("default").build());
        for (String taskId : tasks) {
          var view = SystemIT.adminTask(system, taskId).path("task");
          boolean paused =
              schedules.getHandle("task-" + taskId).describe().getSchedule().getState().isPaused();
          if (!view.path("name").asString().equals(expectedName)
              || !view.path("status").asString().equals(expectedPaused ? "PAUSED" : "ACTIVE")
              || paused != expectedPaused) {
            stateWrong++;
          }
        }
      }

      String report =
          """
          Burst with kill -9 of command-consumer (tasks %d, commands per task %d)
            commands sent                                %d
            results seen at the kill                     %d
            results seen by a read_committed consumer    %d (distinct commands %d)
            results seen by a read_uncommitted consumer  %d
            commands without a result (lost)             %d
            commands with more than one result (doubled) %d
            results not APPLIED                          %d
            results with a 'no change' detail            %d
            RunTaskNow without a run / with two runs     %d / %d (of %d)
            tasks whose final state is wrong             %d (of %d)
            restart took %d ms; all answered %d ms after the restart; burst took %d ms
          """
              .formatted(
                  TASKS,
                  PER_TASK,
                  ids.size(),
                  seenAtKill,
                  results.size(),
                  byCommand.size(),
                  uncommittedSeen,
                  lost,
                  doubled,
                  notApplied,
                  noChange,
                  runsLost,
                  runsDoubled,
                  runNows.size(),
                  stateWrong,
                  tasks.size(),
                  (restartedAt - killedAt) / 1_000_000,
                  (answeredAt - restartedAt) / 1_000_000,
                  (answeredAt - started) / 1_000_000);
      System.out.println(report);
      write(report);
      assertThat(lost).isZero();
      assertThat(doubled).isZero();
      assertThat(notApplied).isZero();
      assertThat(noChange).isZero();
      assertThat(runsLost + runsDoubled).isZero();
      assertThat(stateWrong).isZero();
    }
  }

  private static int lastUpdate() {
    int last = -1;
    for (int j = 0; j < PER_TASK; j++) {
      if (command(j) instanceof UpdateTask) {
        last = j;
      }
    }
    return last;
  }

  private static Object lastPauseOrResume() {
    Object last = new ResumeTask("none");
    for (int j = 0; j < PER_TASK; j++) {
      if (command(j) instanceof PauseTask || command(j) instanceof ResumeTask) {
        last = command(j);
      }
    }
    return last;
  }

  private static CreateTask createTask(String pageUrl, String webhookUrl) {
    return CreateTask.newBuilder(
            Commands.webPageTask(
                pageUrl, "Status: \\w+", "0 3 * * *", NotifyBehavior.ALWAYS, "x@example.com", ""))
        .setNotifications(new Notifications(List.of(), List.of(new Webhook(webhookUrl, null))))
        .build();
  }

  private static List<CommandResult> resultsOf(CommandBus bus, Set<String> ids) {
    return bus.all(CommandResult.class, r -> ids.contains(r.getCommandId()));
  }

  private static List<TaskExecuted> executionsOf(CommandBus bus, String commandId) {
    return bus.all(TaskExecuted.class, e -> e.getExecutionId().endsWith("-now-" + commandId));
  }

  private static Map<String, List<CommandResult>> byCommand(List<CommandResult> results) {
    Map<String, List<CommandResult>> map = new HashMap<>();
    results.forEach(r -> map.computeIfAbsent(r.getCommandId(), id -> new ArrayList<>()).add(r));
    return map;
  }

  private static void write(String report) throws IOException {
    Path out = Path.of("target", "burst-crash.txt");
    Files.createDirectories(out.getParent());
    Files.writeString(out, report);
  }

  private record AutoCloseableStubs(WorkflowServiceStubs stubs) implements AutoCloseable {
    @Override
    public void close() {
      stubs.shutdown();
    }
  }

  /** A consumer of the results that does not ask for read_committed, for contrast. */
  private static final class UncommittedResults implements AutoCloseable {

    private final Map<String, Integer> counts = new ConcurrentHashMap<>();
    private volatile boolean running = true;
    private final Thread reader;

    UncommittedResults(String bootstrap, String registryUrl) {
      Map<String, Object> config = new HashMap<>(RegistrySerdes.consumer(registryUrl));
      config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
      config.put(ConsumerConfig.GROUP_ID_CONFIG, "burst-uncommitted-" + UUID.randomUUID());
      config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
      config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
      reader =
          Thread.ofPlatform()
              .daemon()
              .start(
                  () -> {
                    try (var consumer = new KafkaConsumer<String, CommandResult>(config)) {
                      consumer.subscribe(List.of(Topics.COMMAND_RESULTS));
                      while (running) {
                        consumer
                            .poll(Duration.ofMillis(200))
                            .forEach(r -> counts.merge(r.value().getCommandId(), 1, Integer::sum));
                      }
                    }
                  });
    }

    int countFor(Set<String> ids) {
      return ids.stream().mapToInt(id -> counts.getOrDefault(id, 0)).sum();
    }

    @Override
    public void close() throws InterruptedException {
      running = false;
      reader.join(5_000);
    }
  }
}
