package io.torale.e2e.cost;

import io.temporal.api.workflowservice.v1.CountWorkflowExecutionsRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.torale.localstack.LocalStackConfig;
import io.torale.schemas.RegistrySerdes;
import io.torale.schemas.Topics;
import io.torale.schemas.v1.CommandOutcome;
import io.torale.schemas.v1.CommandResult;
import io.torale.schemas.v1.CreateTask;
import io.torale.schemas.v1.Match;
import io.torale.schemas.v1.MatchType;
import io.torale.schemas.v1.Notifications;
import io.torale.schemas.v1.NotifyBehavior;
import io.torale.schemas.v1.Schedule;
import io.torale.schemas.v1.Source;
import io.torale.schemas.v1.SourceType;
import io.torale.schemas.v1.TaskCommand;
import io.torale.schemas.v1.Webhook;
import io.torale.testsupport.commands.Commands;
import io.torale.testsupport.kafka.CommandBus;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Torale exactly as a user runs it: {@code ./torale up --wipe} from the repository (the launcher
 * script, its JVM with Kafka and the mail catcher inside, the registry, the Temporal dev server
 * with its UI, PostgreSQL and the three service JVMs), on free ports and in a data directory of its
 * own, so it stays clear of a {@code ./torale up} running on the usual ports. Driven from outside
 * over Kafka, as another system would: CreateTask, then RunTaskNow.
 */
final class ToraleUnderTest implements SystemUnderTest {

  private final PagesAndHooks web;
  private final Path workDir;
  private final Map<String, Integer> ports = new HashMap<>();
  private final List<String> taskIds = new ArrayList<>();

  /** Runs triggered so far; each ends closed (the schedules never fire by themselves). */
  private long openRuns;

  private KafkaProducer<String, Object> commands;
  private Process launcher;
  private ProcessTree tree;
  private CommandBus bus;
  private WorkflowServiceStubs temporal;

  ToraleUnderTest(PagesAndHooks web, Path workDir) {
    this.web = web;
    this.workDir = workDir;
  }

  @Override
  public String name() {
    return "torale";
  }

  @Override
  public String description() {
    return "Torale: ./torale up --wipe (launcher JVM with Kafka + SMTP catcher, registry JVM,"
        + " Temporal dev server + UI, PostgreSQL, command-consumer, worker, notifier)";
  }

  @Override
  public void start() throws Exception {
    Path repo = LocalStackConfig.repositoryRoot();
    Files.createDirectories(workDir);
    ProcessBuilder builder =
        new ProcessBuilder(
                repo.resolve("torale").toString(),
                "up",
                "--wipe",
                // On a loaded shared machine a service took over the default 120 s.
                "--ready-timeout",
                "10m")
            .directory(repo.toFile())
            .redirectErrorStream(true);
    Map<String, String> env = builder.environment();
    for (String component :
        List.of(
            "KAFKA",
            "REGISTRY",
            "TEMPORAL",
            "TEMPORAL_UI",
            "POSTGRES",
            "SMTP",
            "IMAP",
            "MAIL_UI",
            "COMMAND_CONSUMER",
            "WORKER",
            "NOTIFIER")) {
      int port = freePort();
      ports.put(component, port);
      env.put("TORALE_" + component + "_PORT", Integer.toString(port));
    }
    env.put("TORALE_HOME", workDir.resolve("home").toString());
    env.put(LocalStackConfig.Env.DATA_DIR, workDir.resolve("data").toString());
    env.put("JAVA_HOME", System.getProperty("java.home"));
    System.out.println(
        "COST [torale] AOT caches present at start (recorded by an earlier ./torale up of these"
            + " jars): "
            + aotCaches(repo)
            + " of 3");
    launcher = builder.start();
    tree = new ProcessTree(launcher::pid, this::postmasterPid);
    CompletableFuture<Void> ready = new CompletableFuture<>();
    Thread.ofPlatform()
        .daemon()
        .name("torale-up-output")
        .start(() -> copyOutput(ready, workDir.resolve("torale-up.log")));
    try {
      ready.get(10, TimeUnit.MINUTES);
    } catch (Exception e) {
      throw new IllegalStateException(
          "./torale up did not become ready; see " + workDir.resolve("torale-up.log"), e);
    }
    temporal =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder()
                .setTarget("localhost:" + ports.get("TEMPORAL"))
                .build());
  }

  private void copyOutput(CompletableFuture<Void> ready, Path log) {
    try (var reader = new BufferedReader(new InputStreamReader(launcher.getInputStream()));
        var out = new PrintWriter(Files.newBufferedWriter(log), true)) {
      for (String line; (line = reader.readLine()) != null; ) {
        out.println(line);
        if (line.contains("torale: building")) {
          // A build inside the measured start-up would make the figure meaningless.
          ready.completeExceptionally(
              new IllegalStateException(
                  "./torale up is rebuilding: run ./torale build before the benchmark"));
        }
        if (line.contains("Torale is ready in")) {
          ready.complete(null);
        }
      }
      ready.completeExceptionally(new IllegalStateException("./torale up ended"));
    } catch (IOException e) {
      ready.completeExceptionally(e);
    }
  }

  /** PostgreSQL's postmaster is started through pg_ctl and re-parented: a root of its own. */
  private long postmasterPid() {
    try {
      return Long.parseLong(
          Files.readAllLines(workDir.resolve("data/postgres/postmaster.pid")).getFirst().strip());
    } catch (Exception e) {
      return -1;
    }
  }

  @Override
  public ProcessTree processes() {
    return tree;
  }

  @Override
  public void createWatches(int n) throws Exception {
    // The bus reads the result topics (to see each CreateTask applied); it is closed afterwards, so
    // its consumers' fetches are not in the broker's CPU during the measurements.
    bus = new CommandBus(kafkaServers(), registryUrl());
    try {
      create(n);
    } finally {
      bus.close();
      bus = null;
    }
    Map<String, Object> config = new HashMap<>(RegistrySerdes.producer(registryUrl()));
    config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafkaServers());
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.LINGER_MS_CONFIG, 0);
    commands = new KafkaProducer<>(config);
  }

  private String kafkaServers() {
    return "localhost:" + ports.get("KAFKA");
  }

  private String registryUrl() {
    return "http://localhost:" + ports.get("REGISTRY");
  }

  private void create(int n) {
    List<TaskCommand> commands = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String taskId = UUID.randomUUID().toString();
      taskIds.add(taskId);
      CreateTask create =
          CreateTask.newBuilder()
              .setName("Cost benchmark page " + i)
              // Never fires by itself: every check is triggered.
              .setSchedule(new Schedule("0 3 1 1 *", "UTC"))
              .setNotifyBehavior(NotifyBehavior.ALWAYS)
              .setNotifications(
                  new Notifications(List.of(), List.of(new Webhook(web.hookUrl(name(), i), null))))
              .setOwner("cost-benchmark")
              .setContext(Map.of())
              .setSource(
                  new Source(
                      SourceType.WEB_PAGE,
                      web.pageUrl(i),
                      null,
                      new Match(MatchType.CONTAINS, "Status: red")))
              .build();
      commands.add(bus.publishAsync(Commands.envelope(taskId, create)));
    }
    for (TaskCommand command : commands) {
      CommandResult result = bus.awaitResult(command, Duration.ofMinutes(5));
      if (result.getOutcome() != CommandOutcome.APPLIED) {
        throw new IllegalStateException("CreateTask not applied: " + result.getReasons());
      }
    }
  }

  @Override
  public void triggerAll(int n) {
    List<TaskCommand> runNows = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      runNows.add(Commands.runNow(taskIds.get(i)));
    }
    runNows.forEach(this::publish);
    commands.flush();
  }

  @Override
  public void trigger(int i) {
    publish(Commands.runNow(taskIds.get(i)));
    commands.flush();
  }

  private void publish(TaskCommand command) {
    commands.send(new ProducerRecord<>(Topics.TASK_COMMANDS, command.getTaskId(), command));
    openRuns++;
  }

  @Override
  public void awaitSettled(Duration timeout) throws Exception {
    // Every triggered run closed: counted through visibility, a query every 100 ms (waiting on
    // each run's result would hold a long poll per run on the server being measured).
    long deadline = System.nanoTime() + timeout.toNanos();
    var query =
        CountWorkflowExecutionsRequest.newBuilder()
            .setNamespace("default")
            .setQuery("WorkflowType = 'MonitoringWorkflow' AND ExecutionStatus != 'Running'")
            .build();
    while (temporal.blockingStub().countWorkflowExecutions(query).getCount() < openRuns) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("runs still open after " + timeout);
      }
      Thread.sleep(100);
    }
  }

  @Override
  public void close() {
    if (bus != null) {
      bus.close();
    }
    if (commands != null) {
      commands.close();
    }
    if (temporal != null) {
      temporal.shutdownNow();
    }
    if (launcher == null) {
      return;
    }
    var pids = tree.pids();
    launcher.destroy(); // SIGTERM: the launcher stops the services, then the stack
    try {
      if (!launcher.waitFor(2, TimeUnit.MINUTES)) {
        launcher.destroyForcibly();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    // Whatever outlived its parent (it should not) is ended, by the ids this system had.
    for (long pid : pids) {
      ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
    }
  }

  private static long aotCaches(Path repo) throws IOException {
    long found = 0;
    for (String service : List.of("command-consumer", "worker", "notifier")) {
      // As AotCache names a build's cache: jar name, size and modification time.
      Path jar = repo.resolve(service).resolve("target/torale-" + service + ".jar");
      if (Files.isRegularFile(jar)
          && Files.isRegularFile(
              jar.resolveSibling("aot")
                  .resolve(
                      jar.getFileName()
                          + "-"
                          + Files.size(jar)
                          + "-"
                          + Files.getLastModifiedTime(jar).toMillis())
                  .resolve("app.aot"))) {
        found++;
      }
    }
    return found;
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
