package io.torale.e2e.cost;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.torale.localstack.LocalStackConfig;
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
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

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
  private final List<String> openRuns = new ArrayList<>();
  private Process launcher;
  private ProcessTree tree;
  private CommandBus bus;
  private WorkflowServiceStubs temporal;
  private WorkflowClient workflows;

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
    String kafka = "localhost:" + ports.get("KAFKA");
    bus = new CommandBus(kafka, "http://localhost:" + ports.get("REGISTRY"));
    temporal =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder()
                .setTarget("localhost:" + ports.get("TEMPORAL"))
                .build());
    workflows =
        WorkflowClient.newInstance(
            temporal, WorkflowClientOptions.newBuilder().setNamespace("default").build());
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
    List<TaskCommand> commands = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      commands.add(Commands.runNow(taskIds.get(i)));
    }
    for (TaskCommand command : commands) {
      bus.publishAsync(command);
      openRuns.add(runOf(command));
    }
  }

  @Override
  public void trigger(int i) {
    TaskCommand command = Commands.runNow(taskIds.get(i));
    bus.publishAsync(command);
    openRuns.add(runOf(command));
  }

  /** The workflow id command-consumer gives the run a RunTaskNow starts. */
  private static String runOf(TaskCommand command) {
    return "task-" + command.getTaskId() + "-now-" + command.getCommandId();
  }

  @Override
  public void awaitSettled(Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (String workflowId : openRuns) {
      WorkflowStub run =
          workflows.newUntypedWorkflowStub(workflowId, Optional.empty(), Optional.empty());
      long left = Math.max(1, deadline - System.nanoTime());
      run.getResult(left, TimeUnit.NANOSECONDS, Map.class);
    }
    openRuns.clear();
  }

  @Override
  public void close() {
    if (bus != null) {
      bus.close();
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

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
