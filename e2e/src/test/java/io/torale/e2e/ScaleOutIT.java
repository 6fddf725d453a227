package io.torale.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.PendingActivityState;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflow.v1.PendingActivityInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.torale.schemas.Topics;
import io.torale.schemas.v1.CommandOutcome;
import io.torale.schemas.v1.CommandResult;
import io.torale.schemas.v1.ConditionMet;
import io.torale.schemas.v1.CreateTask;
import io.torale.schemas.v1.DeliveryStatus;
import io.torale.schemas.v1.NotificationDelivery;
import io.torale.schemas.v1.Notifications;
import io.torale.schemas.v1.NotifyBehavior;
import io.torale.schemas.v1.RunStatus;
import io.torale.schemas.v1.RunTaskNow;
import io.torale.schemas.v1.TaskCommand;
import io.torale.schemas.v1.TaskExecuted;
import io.torale.schemas.v1.UpdateTask;
import io.torale.schemas.v1.Webhook;
import io.torale.testsupport.commands.Commands;
import io.torale.testsupport.kafka.CommandBus;
import io.torale.testsupport.webhook.Received;
import io.torale.testsupport.webhook.WebhookReceiver;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.Test;

/**
 * Scale-out shown: two instances of each service on one local stack (a JVM of its own: opt-in,
 * excluded from {@code verify}), commands, runs and webhook deliveries flowing, and one instance of
 * each service ended with {@code kill -9} mid-flow: a command-consumer that owns partitions of the
 * command topic, a worker with a run in flight (an activity, or a workflow task checking a page), a
 * notifier whose webhook request is being answered (the receiver holds every answer {@value
 * #RECEIVER_DELAY_MS} ms). The survivors take over; the test checks that no command result, no run
 * and no webhook notification is lost, that none is doubled (one result per command read {@code
 * read_committed}, one execution id per RunTaskNow, one {@code webhook-id} per run at the receiver:
 * a re-send of the same id after the dead notifier's claim expired is the contract, receivers
 * deduplicate on it), and prints how long each takeover took: Kafka's rebalance of
 * command-consumer's and the notifier's partitions, Temporal moving the dead worker's tasks to the
 * survivor, the dead notifier's claims expiring.
 *
 * <p>Real components throughout; the monitored page ({@value #PAGE_DELAY_MS} ms per answer, so runs
 * are in flight) and the webhook receiver are local HTTP servers. Tuned for the test, by property
 * (production values and the trade-off in the README's "Scaling out"): the consumers' {@code
 * session.timeout.ms} 10 s (Kafka's default 45 s) and, as in the whole e2e suite, the notifier's
 * claim lease 20 s (2 min). Run alone with {@code ./mvnw -B -pl e2e verify -Dit.test=ScaleOutIT}
 * after {@code ./mvnw -B install -DskipTests}; {@code -Dscaleout.tasks} (30) sets the flow's size.
 */
class ScaleOutIT {

  static final int TASKS = Integer.getInteger("scaleout.tasks", 30);
  static final long PAGE_DELAY_MS = 3_000;
  static final long RECEIVER_DELAY_MS = 3_000;
  static final Duration WAIT = Duration.ofMinutes(10);
  static final Duration SESSION_TIMEOUT = Duration.ofSeconds(10);
  static final String HOOK_PATH = "/scale-out";
  // Consumer groups: spring-kafka's listener ids.
  static final String COMMANDS_GROUP = "task-commands";
  static final String NOTIFIER_GROUP = "notifier-fanout";

  @Test
  void oneInstanceOfEachServiceKilledMidFlowLosesNothingAndSendsNothingTwice() throws Exception {
    ToraleSystem system =
        ToraleSystem.get(
            2,
            Map.of(
                "spring.kafka.consumer.properties.session.timeout.ms",
                Long.toString(SESSION_TIMEOUT.toMillis()),
                "spring.kafka.consumer.properties.heartbeat.interval.ms",
                "2000",
                // Each notifier logs the headers it sends (webhook-id among them), so the test
                // knows which instance is sending which delivery.
                "logging.level.org.apache.hc.client5.http.headers",
                "DEBUG"));
    var stack = system.stack();
    CommandBus bus = system.bus();
    var page = system.page().delay(PAGE_DELAY_MS);
    WebhookReceiver webhooks = system.webhooks();
    webhooks.delay(HOOK_PATH, RECEIVER_DELAY_MS);
    String hookUrl = webhooks.url(HOOK_PATH);
    var workflows = system.workflows();

    try (var arrivals = new Arrivals(stack.kafkaBootstrapServers(), stack.registryUrl());
        Admin admin =
            Admin.create(
                Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers()));
        ScheduledExecutorService driver = Executors.newSingleThreadScheduledExecutor()) {
      int partitions =
          admin
              .describeTopics(List.of(Topics.TASK_COMMANDS))
              .allTopicNames()
              .get()
              .get(Topics.TASK_COMMANDS)
              .partitions()
              .size();
      List<String> tasks = tasksOverPartitions(TASKS, partitions);
      List<TaskCommand> creates =
          tasks.stream().map(t -> Commands.envelope(t, createTask(page.url(), hookUrl))).toList();
      creates.forEach(bus::publishAsync);
      await()
          .atMost(WAIT)
          .until(() -> creates.stream().allMatch(c -> !resultsOf(bus, c).isEmpty()));

      // The flow: every 400 ms the next task (round the tasks, so round the partitions) gets a new
      // name and a RunTaskNow. It goes on, round after round, until each victim is found and
      // killed, then one more full round, so the survivors have work on every partition after
      // the kills. A task gets its next RunTaskNow only once its previous run has ended
      // (command-consumer rejects a RunTaskNow while the task's run is open: the contract); a
      // task still running is passed over.
      List<TaskCommand> flow = new CopyOnWriteArrayList<>();
      List<TaskCommand> runNows = new CopyOnWriteArrayList<>();
      Map<String, TaskCommand> lastRunNow = new HashMap<>();
      Map<String, Instant> publishedAt = new ConcurrentHashMap<>();
      AtomicInteger next = new AtomicInteger();
      AtomicInteger published = new AtomicInteger();
      AtomicInteger afterKills = new AtomicInteger();
      AtomicBoolean flowDone = new AtomicBoolean();
      Hunt hunt = new Hunt(system, admin, workflows, bus, webhooks, runNows);
      driver.scheduleAtFixedRate(
          () -> {
            try {
              if (flowDone.get()) {
                return;
              }
              if (hunt.allKilled() && afterKills.get() >= tasks.size()) {
                flowDone.set(true);
                return;
              }
              String task = null;
              for (int k = 0; k < tasks.size() && task == null; k++) {
                String candidate = tasks.get(next.getAndIncrement() % tasks.size());
                TaskCommand previous = lastRunNow.get(candidate);
                if (previous == null || !runOpen(bus, workflows, previous)) {
                  task = candidate;
                }
              }
              if (task == null) {
                return;
              }
              boolean afterAllKilled = hunt.allKilled();
              int i = published.getAndIncrement();
              TaskCommand update =
                  Commands.envelope(task, UpdateTask.newBuilder().setName("flow-" + i).build());
              TaskCommand runNow = Commands.envelope(task, new RunTaskNow("scale-out"));
              for (TaskCommand command : List.of(update, runNow)) {
                flow.add(command);
                publishedAt.put(command.getCommandId(), Instant.now());
                bus.publishAsync(command);
              }
              runNows.add(runNow);
              lastRunNow.put(task, runNow);
              if (afterAllKilled) {
                afterKills.incrementAndGet();
              }
            } catch (RuntimeException e) {
              // A failed tick must not end the flow (the executor would run no further ticks).
              System.out.println("ScaleOutIT: flow tick failed, next tick goes on: " + e);
            }
          },
          0,
          400,
          TimeUnit.MILLISECONDS);

      // Mid-flow, once a third of a round is under way: each victim is killed as soon as it is
      // seen doing work (a worker with a run's activity or workflow task started, a notifier whose
      // webhook answer
      // the receiver holds, the command-consumer owning most partitions); the wait names the
      // ones still missing.
      await()
          .atMost(WAIT)
          .pollInterval(Duration.ofMillis(300))
          .until(() -> published.get() >= tasks.size() / 3 && hunt.killWhatIsFound());
      Victims victims = hunt.victims();
      double loadAtKill = load();

      await().atMost(WAIT).untilTrue(flowDone);
      List<TaskCommand> all = new ArrayList<>(creates);
      all.addAll(flow);
      await().atMost(WAIT).until(() -> all.stream().allMatch(c -> !resultsOf(bus, c).isEmpty()));
      await()
          .atMost(WAIT)
          .until(() -> runNows.stream().allMatch(r -> !executionsOf(bus, r).isEmpty()));
      // Every run's webhook is delivered (recorded DELIVERED): no attempt is left to come.
      await()
          .atMost(WAIT)
          .until(
              () ->
                  runNows.stream()
                      .allMatch(
                          r ->
                              eventOf(bus, r)
                                  .map(event -> !delivered(bus, event.getEventId()).isEmpty())
                                  .orElse(false)));

      // No result lost or doubled; every command applied.
      Map<String, Long> resultCounts =
          all.stream()
              .collect(
                  Collectors.toMap(
                      TaskCommand::getCommandId, c -> (long) resultsOf(bus, c).size()));
      long resultsLost = resultCounts.values().stream().filter(n -> n == 0).count();
      long resultsDoubled = resultCounts.values().stream().filter(n -> n > 1).count();
      long notApplied =
          all.stream()
              .flatMap(c -> resultsOf(bus, c).stream())
              .filter(r -> r.getOutcome() != CommandOutcome.APPLIED)
              .count();
      // No run lost or doubled: one execution id per RunTaskNow, succeeded, one ConditionMet.
      long runsDoubled =
          runNows.stream()
              .filter(
                  r ->
                      executionsOf(bus, r).stream()
                              .map(TaskExecuted::getExecutionId)
                              .distinct()
                              .count()
                          != 1)
              .count();
      long runsFailed =
          runNows.stream()
              .filter(
                  r ->
                      executionsOf(bus, r).stream()
                          .anyMatch(e -> e.getStatus() != RunStatus.SUCCEEDED))
              .count();
      long eventsNotOne =
          runNows.stream()
              .filter(
                  r ->
                      bus
                              .all(
                                  ConditionMet.class, e -> e.getExecutionId().equals(workflowId(r)))
                              .stream()
                              .map(ConditionMet::getEventId)
                              .distinct()
                              .count()
                          != 1)
              .count();
      // At the receiver: one webhook-id per run, none shared between runs, every signature valid.
      List<Received> received = webhooks.on(HOOK_PATH);
      Map<String, Set<String>> idsByExecution =
          received.stream()
              .collect(
                  Collectors.groupingBy(
                      r -> r.json().path("data").path("execution_id").asString(),
                      Collectors.mapping(Received::webhookId, Collectors.toSet())));
      long notificationsLost =
          runNows.stream().filter(r -> !idsByExecution.containsKey(workflowId(r))).count();
      long notificationsDoubled =
          runNows.stream()
              .filter(r -> idsByExecution.getOrDefault(workflowId(r), Set.of()).size() > 1)
              .count();
      Map<String, List<Received>> byWebhookId =
          received.stream().collect(Collectors.groupingBy(Received::webhookId));
      long resent = byWebhookId.values().stream().filter(list -> list.size() > 1).count();
      long deliveredTwice =
          runNows.stream()
              .map(r -> eventOf(bus, r).orElseThrow().getEventId())
              .filter(
                  event ->
                      delivered(bus, event).stream()
                              .map(NotificationDelivery::getDeliveryId)
                              .distinct()
                              .count()
                          != 1)
              .count();

      Takeovers takeovers =
          new Takeovers(
              commandConsumerTakeover(
                  arrivals, victims, publishedAt, victims.commandConsumerKilledAt()),
              workerTakeover(workflows, runNows, victims.workerKilledAt()),
              notifierIntakeTakeover(arrivals, victims, received, victims.notifierKilledAt()),
              leaseTakeover(
                  byWebhookId,
                  Files.readString(victims.notifierLog()),
                  victims.notifierKilledAt()));

      String report =
          """
          Scale-out: 2 instances of each service, %d tasks, one instance of each killed (kill -9)
            killed                                    %s (partitions %s), %s (%s in flight), %s (partitions %s)
            kills, after the first (each as found)    command-consumer %s, worker %s, notifier %s
            commands sent / without a result / with two   %d / %d / %d (not APPLIED %d)
            RunTaskNow / without exactly one run / failed  %d / %d / %d (ConditionMet not exactly one: %d)
            runs without a webhook / with two webhook-ids  %d / %d (requests %d, webhook-ids re-sent after the lease %d)
            events without exactly one DELIVERED delivery  %d
          Takeover after the kill (load average %.1f at the last kill, %.1f now)
            command-consumer: every dead instance's partition serving again (Kafka rebalance,
              session timeout %d s): processed after %s, visible to read_committed after %s
              per partition: %s
            worker: the dead worker's tasks restarted on the survivor (Temporal timeouts) after %s
              per run and task: %s
            notifier intake: the dead instance's condition-met partitions read again (Kafka
              rebalance) after %s; per partition: %s
            notifier claims: the dead instance's deliveries attempted again (lease %s) after %s
          """
              .formatted(
                  TASKS,
                  victims.commandConsumer(),
                  victims.commandPartitions(),
                  victims.worker(),
                  victims.workerRun(),
                  victims.notifier(),
                  victims.notifierPartitions(),
                  sinceFirstKill(victims, victims.commandConsumerKilledAt()),
                  sinceFirstKill(victims, victims.workerKilledAt()),
                  sinceFirstKill(victims, victims.notifierKilledAt()),
                  all.size(),
                  resultsLost,
                  resultsDoubled,
                  notApplied,
                  runNows.size(),
                  runsDoubled,
                  runsFailed,
                  eventsNotOne,
                  notificationsLost,
                  notificationsDoubled,
                  received.size(),
                  resent,
                  deliveredTwice,
                  loadAtKill,
                  load(),
                  SESSION_TIMEOUT.toSeconds(),
                  seconds(max(takeovers.commands().processed())),
                  seconds(max(takeovers.commands().visible())),
                  describe(takeovers.commands().processed(), takeovers.commands().visible()),
                  seconds(max(takeovers.worker())),
                  perTask(takeovers.worker()),
                  seconds(max(takeovers.notifierIntake())),
                  perPartition(takeovers.notifierIntake()),
                  "20s",
                  seconds(max(takeovers.lease())));
      System.out.println(report);
      Files.writeString(Path.of("target", "scale-out.txt"), report);

      assertThat(resultsLost).as("commands without a result").isZero();
      assertThat(resultsDoubled).as("commands with two results").isZero();
      assertThat(notApplied).as("results not APPLIED").isZero();
      assertThat(runsDoubled).as("RunTaskNow without exactly one run").isZero();
      assertThat(runsFailed).as("runs that failed").isZero();
      assertThat(eventsNotOne).as("runs without exactly one ConditionMet").isZero();
      assertThat(notificationsLost).as("runs without a webhook").isZero();
      assertThat(notificationsDoubled).as("runs with two webhook-ids").isZero();
      assertThat(received).allMatch(Received::signatureValid);
      assertThat(deliveredTwice).as("events without exactly one delivered delivery").isZero();
      // Each takeover happened (the victims had work) and within a bound that only a survivor
      // that never took over would miss.
      assertThat(takeovers.commands().processed()).isNotEmpty();
      assertThat(max(takeovers.commands().visible())).isLessThan(Duration.ofMinutes(2));
      assertThat(takeovers.worker()).isNotEmpty();
      assertThat(max(takeovers.worker())).isLessThan(Duration.ofMinutes(2));
      assertThat(takeovers.notifierIntake()).isNotEmpty();
      assertThat(max(takeovers.notifierIntake())).isLessThan(Duration.ofMinutes(2));
      assertThat(takeovers.lease()).as("deliveries the dead notifier held, re-sent").isNotEmpty();
      assertThat(max(takeovers.lease())).isLessThan(Duration.ofMinutes(2));
    }
  }

  /** Who is killed: instance names, what each was doing, and when it was killed. */
  record Victims(
      String commandConsumer,
      Set<Integer> commandPartitions,
      Instant commandConsumerKilledAt,
      String worker,
      String workerRun,
      Instant workerKilledAt,
      String notifier,
      Set<Integer> notifierPartitions,
      Path notifierLog,
      Instant notifierKilledAt) {}

  record CommandTakeover(Map<Integer, Duration> processed, Map<Integer, Duration> visible) {}

  record Takeovers(
      CommandTakeover commands,
      Map<String, Duration> worker,
      Map<Integer, Duration> notifierIntake,
      Map<String, Duration> lease) {}

  /**
   * Finds one instance of each service doing work and kills it ({@code kill -9}) at that moment,
   * each on its own: a worker while it has a run's activity started (Temporal's describe names the
   * worker, {@code pid@host}), a notifier while the receiver holds the answer to a webhook it sent
   * (its log has the request's {@code webhook-id}), the command-consumer owning most command
   * partitions. A victim found stays found (killed); the flow goes on until all three are.
   */
  static final class Hunt {
    private static final Duration REPORT_EVERY = Duration.ofSeconds(15);

    private final ToraleSystem system;
    private final Admin admin;
    private final io.temporal.client.WorkflowClient workflows;
    private final CommandBus bus;
    private final WebhookReceiver webhooks;
    private final List<TaskCommand> runNows;
    private final long startedNanos = System.nanoTime();
    private long reportedNanos = System.nanoTime();

    private String commandConsumer;
    private Set<Integer> commandPartitions;
    private Instant commandConsumerKilledAt;
    private String worker;
    private String workerRun;
    private Instant workerKilledAt;
    private String notifier;
    private Set<Integer> notifierPartitions;
    private Path notifierLog;
    private Instant notifierKilledAt;

    Hunt(
        ToraleSystem system,
        Admin admin,
        io.temporal.client.WorkflowClient workflows,
        CommandBus bus,
        WebhookReceiver webhooks,
        List<TaskCommand> runNows) {
      this.system = system;
      this.admin = admin;
      this.workflows = workflows;
      this.bus = bus;
      this.webhooks = webhooks;
      this.runNows = runNows;
    }

    /** Read by the flow's thread: once true, the flow publishes its last round. */
    synchronized boolean allKilled() {
      return commandConsumerKilledAt != null && workerKilledAt != null && notifierKilledAt != null;
    }

    /** Kills each victim not killed yet that is doing work now; true once all three are killed. */
    boolean killWhatIsFound() throws Exception {
      if (workerKilledAt == null) {
        findWorker();
      }
      if (notifierKilledAt == null) {
        findNotifier();
      }
      if (commandConsumerKilledAt == null) {
        findCommandConsumer();
      }
      boolean all = allKilled();
      if (!all && System.nanoTime() - reportedNanos > REPORT_EVERY.toNanos()) {
        reportedNanos = System.nanoTime();
        System.out.printf(
            "ScaleOutIT: after %d s still missing:%s%s%s (runs published %d, load %.1f)%n",
            TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startedNanos),
            workerKilledAt == null
                ? " a worker with a run's activity or workflow task started;"
                : "",
            notifierKilledAt == null ? " a notifier whose webhook answer is held;" : "",
            commandConsumerKilledAt == null ? " a command-consumer owning partitions;" : "",
            runNows.size(),
            load());
      }
      return all;
    }

    private void findWorker() {
      Map<String, String> workerByPid = new HashMap<>();
      for (String name : system.running("worker")) {
        workerByPid.put(Long.toString(system.process(name).pid()), name);
      }
      for (TaskCommand runNow : List.copyOf(runNows)) {
        if (!executionsOf(bus, runNow).isEmpty() || resultsOf(bus, runNow).isEmpty()) {
          continue;
        }
        for (PendingActivityInfo activity : pendingActivities(workflows, workflowId(runNow))) {
          String pid = activity.getLastWorkerIdentity().split("@")[0];
          if (activity.getState() == PendingActivityState.PENDING_ACTIVITY_STATE_STARTED
              && workerByPid.containsKey(pid)) {
            String name = workerByPid.get(pid);
            system.kill(name);
            synchronized (this) {
              worker = name;
              workerRun = workflowId(runNow) + " activity " + activity.getActivityType().getName();
              workerKilledAt = Instant.now();
            }
            System.out.printf("ScaleOutIT: killed %s (%s started)%n", worker, workerRun);
            return;
          }
        }
        // A page with a deterministic match is checked in a local activity (workflow version
        // lean-run): the run is then in flight inside a started workflow task, not an activity.
        String identity = startedWorkflowTaskWorker(workflows, workflowId(runNow));
        String pid = identity == null ? null : identity.split("@")[0];
        if (pid != null && workerByPid.containsKey(pid)) {
          String name = workerByPid.get(pid);
          system.kill(name);
          synchronized (this) {
            worker = name;
            workerRun = workflowId(runNow) + " workflow task (local page check)";
            workerKilledAt = Instant.now();
          }
          System.out.printf("ScaleOutIT: killed %s (%s started)%n", worker, workerRun);
          return;
        }
      }
    }

    private void findNotifier() throws Exception {
      long heldSince = System.nanoTime() - TimeUnit.MILLISECONDS.toNanos(RECEIVER_DELAY_MS - 500);
      List<String> notifiers = system.running("notifier");
      for (Received request : webhooks.on(HOOK_PATH)) {
        if (request.nanos() <= heldSince) {
          continue;
        }
        for (String name : notifiers) {
          Path log = system.process(name).logFile();
          if (Files.readString(log).contains(request.webhookId())) {
            Set<Integer> partitions = partitionsOf(owners(admin, NOTIFIER_GROUP, notifiers), name);
            system.kill(name);
            synchronized (this) {
              notifier = name;
              notifierPartitions = partitions;
              notifierLog = log;
              notifierKilledAt = Instant.now();
            }
            System.out.printf(
                "ScaleOutIT: killed %s (webhook %s held, partitions %s)%n",
                name, request.webhookId(), partitions);
            return;
          }
        }
      }
    }

    private void findCommandConsumer() throws Exception {
      Map<Integer, String> owners =
          owners(admin, COMMANDS_GROUP, system.running("command-consumer"));
      Optional<String> most =
          owners.values().stream()
              .collect(Collectors.groupingBy(Function.identity(), Collectors.counting()))
              .entrySet()
              .stream()
              .max(Map.Entry.comparingByValue())
              .map(Map.Entry::getKey);
      if (most.isEmpty()) {
        return;
      }
      system.kill(most.get());
      synchronized (this) {
        commandConsumer = most.get();
        commandPartitions = partitionsOf(owners, commandConsumer);
        commandConsumerKilledAt = Instant.now();
      }
      System.out.printf(
          "ScaleOutIT: killed %s (partitions %s)%n", commandConsumer, commandPartitions);
    }

    synchronized Victims victims() {
      return new Victims(
          commandConsumer,
          commandPartitions,
          commandConsumerKilledAt,
          worker,
          workerRun,
          workerKilledAt,
          notifier,
          notifierPartitions,
          notifierLog,
          notifierKilledAt);
    }
  }

  private static final Pattern CLIENT_ID = Pattern.compile("torale-(.+)-\\d+");

  /**
   * Partition → instance name, from the group's members: each instance's consumers carry its name
   * in their client id ({@code torale-notifier-2-0}), which {@code ServiceProcess} sets.
   */
  private static Map<Integer, String> owners(Admin admin, String group, List<String> instances)
      throws Exception {
    Map<Integer, String> owners = new TreeMap<>();
    for (MemberDescription member :
        admin.describeConsumerGroups(List.of(group)).all().get().get(group).members()) {
      var matcher = CLIENT_ID.matcher(member.clientId());
      if (matcher.matches() && instances.contains(matcher.group(1))) {
        for (TopicPartition partition : member.assignment().topicPartitions()) {
          if (!partition.topic().endsWith("-dlt")
              && !partition.topic().startsWith(Topics.TASK_COMMANDS + ".")) {
            owners.put(partition.partition(), matcher.group(1));
          }
        }
      }
    }
    return owners;
  }

  private static Set<Integer> partitionsOf(Map<Integer, String> owners, String instance) {
    return owners.entrySet().stream()
        .filter(e -> e.getValue().equals(instance))
        .map(Map.Entry::getKey)
        .collect(Collectors.toCollection(java.util.TreeSet::new));
  }

  /**
   * Per partition the dead command-consumer owned: from the kill to the first result of a command
   * published after it, as processed (the result's timestamp, written by the survivor) and as seen
   * by a read_committed reader (an open transaction of the dead instance holds back what follows it
   * on a partition until the broker aborts it, {@code transaction.timeout.ms}).
   */
  private static CommandTakeover commandConsumerTakeover(
      Arrivals arrivals, Victims victims, Map<String, Instant> publishedAt, Instant killedAt) {
    Map<Integer, Duration> processed = new TreeMap<>();
    Map<Integer, Duration> visible = new TreeMap<>();
    for (Arrivals.Arrival arrival : arrivals.of(Topics.COMMAND_RESULTS)) {
      CommandResult result = (CommandResult) arrival.value();
      Instant published = publishedAt.get(result.getCommandId());
      int partition = arrival.partition();
      if (published != null
          && published.isAfter(killedAt)
          && victims.commandPartitions().contains(partition)
          && !processed.containsKey(partition)) {
        processed.put(partition, Duration.between(killedAt, arrival.timestamp()));
        visible.put(partition, Duration.between(killedAt, arrival.arrived()));
      }
    }
    return new CommandTakeover(processed, visible);
  }

  /**
   * Whether this RunTaskNow's run may still be open: no result yet, or its workflow running. A
   * result without a workflow (rejected) leaves the task free.
   */
  private static boolean runOpen(
      CommandBus bus, io.temporal.client.WorkflowClient workflows, TaskCommand runNow) {
    if (resultsOf(bus, runNow).isEmpty()) {
      return true;
    }
    try {
      return workflows
              .getWorkflowServiceStubs()
              .blockingStub()
              .describeWorkflowExecution(
                  DescribeWorkflowExecutionRequest.newBuilder()
                      .setNamespace("default")
                      .setExecution(
                          io.temporal.api.common.v1.WorkflowExecution.newBuilder()
                              .setWorkflowId(workflowId(runNow)))
                      .build())
              .getWorkflowExecutionInfo()
              .getStatus()
          == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING;
    } catch (io.grpc.StatusRuntimeException notFound) {
      return notFound.getStatus().getCode() != io.grpc.Status.Code.NOT_FOUND;
    }
  }

  /** The identity of the worker processing the run's workflow task right now, or null. */
  private static String startedWorkflowTaskWorker(
      io.temporal.client.WorkflowClient workflows, String workflowId) {
    try {
      List<HistoryEvent> events = workflows.fetchHistory(workflowId).getEvents();
      HistoryEvent last = events.isEmpty() ? null : events.getLast();
      return last != null && last.getEventType() == EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED
          ? last.getWorkflowTaskStartedEventAttributes().getIdentity()
          : null;
    } catch (RuntimeException notStartedYet) {
      return null;
    }
  }

  private static List<PendingActivityInfo> pendingActivities(
      io.temporal.client.WorkflowClient workflows, String workflowId) {
    try {
      return workflows
          .getWorkflowServiceStubs()
          .blockingStub()
          .describeWorkflowExecution(
              DescribeWorkflowExecutionRequest.newBuilder()
                  .setNamespace("default")
                  .setExecution(
                      io.temporal.api.common.v1.WorkflowExecution.newBuilder()
                          .setWorkflowId(workflowId))
                  .build())
          .getPendingActivitiesList();
    } catch (RuntimeException notStartedYet) {
      return List.of();
    }
  }

  /**
   * Per run the dead worker held a task of: from the kill to the survivor starting it again, read
   * from the run's history: a workflow task that timed out (the dead worker's, or one waiting on
   * its sticky queue) and the next one started, or an activity attempt after the first started by
   * another worker (an activity's retry; the dead one's attempt timed out by heartbeat or
   * start-to-close).
   */
  private static Map<String, Duration> workerTakeover(
      io.temporal.client.WorkflowClient workflows, List<TaskCommand> runNows, Instant killedAt) {
    Map<String, Duration> takeovers = new TreeMap<>();
    for (TaskCommand runNow : runNows) {
      String workflowId = workflowId(runNow);
      List<HistoryEvent> events = workflows.fetchHistory(workflowId).getEvents();
      Map<Long, String> activityTypes = new HashMap<>();
      Instant timedOut = null;
      for (HistoryEvent event : events) {
        Instant at =
            Instant.ofEpochSecond(
                event.getEventTime().getSeconds(), event.getEventTime().getNanos());
        if (event.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED) {
          activityTypes.put(
              event.getEventId(),
              event.getActivityTaskScheduledEventAttributes().getActivityType().getName());
        }
        if (at.isBefore(killedAt)) {
          continue;
        }
        if (event.getEventType() == EventType.EVENT_TYPE_WORKFLOW_TASK_TIMED_OUT) {
          timedOut = at;
        } else if (event.getEventType() == EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED
            && timedOut != null) {
          takeovers.merge(
              runNow.getTaskId().substring(0, 8) + " workflow task",
              Duration.between(killedAt, at),
              ScaleOutIT::longer);
          timedOut = null;
        } else if (event.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_STARTED
            && event.getActivityTaskStartedEventAttributes().getAttempt() > 1
            && event
                .getActivityTaskStartedEventAttributes()
                .getLastFailure()
                .hasTimeoutFailureInfo()) {
          String type =
              activityTypes.get(
                  event.getActivityTaskStartedEventAttributes().getScheduledEventId());
          takeovers.merge(
              runNow.getTaskId().substring(0, 8) + " " + type,
              Duration.between(killedAt, at),
              ScaleOutIT::longer);
        }
      }
    }
    return takeovers;
  }

  /**
   * Per condition-met partition the dead notifier read: from the kill to the first webhook of an
   * event published there after the kill.
   */
  private static Map<Integer, Duration> notifierIntakeTakeover(
      Arrivals arrivals, Victims victims, List<Received> received, Instant killedAt) {
    Map<String, Instant> firstRequest = new HashMap<>();
    for (Received request : received) {
      firstRequest.merge(
          request.json().path("data").path("event_id").asString(),
          request.wall(),
          (a, b) -> a.isBefore(b) ? a : b);
    }
    Map<Integer, Duration> takeovers = new TreeMap<>();
    for (Arrivals.Arrival arrival : arrivals.of(Topics.CONDITION_MET)) {
      ConditionMet event = (ConditionMet) arrival.value();
      Instant webhook = firstRequest.get(event.getEventId());
      if (arrival.timestamp().isAfter(killedAt)
          && victims.notifierPartitions().contains(arrival.partition())
          && webhook != null
          && !takeovers.containsKey(arrival.partition())) {
        takeovers.put(arrival.partition(), Duration.between(killedAt, webhook));
      }
    }
    return takeovers;
  }

  /**
   * Deliveries the dead notifier was attempting: their webhook-id is in its log (it sent them),
   * arrived before the kill and again after it, sent by a survivor once the claim's lease ran out.
   */
  private static Map<String, Duration> leaseTakeover(
      Map<String, List<Received>> byWebhookId, String deadNotifiersLog, Instant killedAt) {
    Map<String, Duration> takeovers = new TreeMap<>();
    byWebhookId.forEach(
        (id, requests) -> {
          boolean before =
              deadNotifiersLog.contains(id)
                  && requests.stream().anyMatch(r -> r.wall().isBefore(killedAt));
          requests.stream()
              .map(Received::wall)
              .filter(at -> at.isAfter(killedAt))
              .min(Instant::compareTo)
              .filter(after -> before)
              .ifPresent(after -> takeovers.put(id, Duration.between(killedAt, after)));
        });
    return takeovers;
  }

  /** Task ids whose partitions go round (0, 1, 2, 0, …), so the flow reaches every partition. */
  private static List<String> tasksOverPartitions(int count, int partitions) {
    List<String> tasks = new ArrayList<>();
    while (tasks.size() < count) {
      String candidate = UUID.randomUUID().toString();
      if (partitionOf(candidate, partitions) == tasks.size() % partitions) {
        tasks.add(candidate);
      }
    }
    return tasks;
  }

  /** Kafka's default partitioner for a String key (murmur2 of its UTF-8 bytes). */
  private static int partitionOf(String key, int partitions) {
    return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
  }

  private static CreateTask createTask(String pageUrl, String webhookUrl) {
    return CreateTask.newBuilder(
            Commands.webPageTask(
                pageUrl, "Status: \\w+", "0 3 * * *", NotifyBehavior.ALWAYS, "x@example.com", ""))
        .setNotifications(new Notifications(List.of(), List.of(new Webhook(webhookUrl, null))))
        .build();
  }

  private static String workflowId(TaskCommand runNow) {
    return "task-" + runNow.getTaskId() + "-now-" + runNow.getCommandId();
  }

  private static List<CommandResult> resultsOf(CommandBus bus, TaskCommand command) {
    return bus.resultsOf(command);
  }

  private static List<TaskExecuted> executionsOf(CommandBus bus, TaskCommand runNow) {
    String id = workflowId(runNow);
    return bus.all(TaskExecuted.class, e -> e.getExecutionId().equals(id));
  }

  private static Optional<ConditionMet> eventOf(CommandBus bus, TaskCommand runNow) {
    String id = workflowId(runNow);
    return bus.all(ConditionMet.class, e -> e.getExecutionId().equals(id)).stream().findFirst();
  }

  private static List<NotificationDelivery> delivered(CommandBus bus, String eventId) {
    return bus.all(
        NotificationDelivery.class,
        d -> d.getEventId().equals(eventId) && d.getStatus() == DeliveryStatus.DELIVERED);
  }

  private static String sinceFirstKill(Victims victims, Instant killedAt) {
    Instant first =
        Stream.of(
                victims.commandConsumerKilledAt(),
                victims.workerKilledAt(),
                victims.notifierKilledAt())
            .min(Instant::compareTo)
            .orElseThrow();
    return seconds(Duration.between(first, killedAt));
  }

  private static Duration longer(Duration a, Duration b) {
    return a.compareTo(b) >= 0 ? a : b;
  }

  private static Duration max(Map<?, Duration> durations) {
    return durations.values().stream().max(Duration::compareTo).orElse(Duration.ZERO);
  }

  private static String seconds(Duration duration) {
    return "%.1f s".formatted(duration.toMillis() / 1000.0);
  }

  private static String describe(Map<Integer, Duration> processed, Map<Integer, Duration> visible) {
    Map<Integer, String> each = new LinkedHashMap<>();
    processed.forEach((p, d) -> each.put(p, seconds(d) + " / " + seconds(visible.get(p))));
    return each.toString();
  }

  /** Per run (its task id's first 8 characters) and what was started again. */
  private static String perTask(Map<String, Duration> durations) {
    Map<String, String> each = new LinkedHashMap<>();
    durations.forEach((run, d) -> each.put(run, seconds(d)));
    return each.toString();
  }

  private static String perPartition(Map<Integer, Duration> durations) {
    Map<Integer, String> each = new LinkedHashMap<>();
    durations.forEach((p, d) -> each.put(p, seconds(d)));
    return each.toString();
  }

  private static double load() {
    return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }
}
