package io.torale.localstack;

import io.grpc.StatusRuntimeException;
import io.temporal.api.workflowservice.v1.DescribeNamespaceRequest;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The Temporal dev server ({@code temporal server start-dev}) as a child process, with its state in
 * a SQLite file under the data directory, so it can be stopped and started again (outage tests,
 * restarts of {@code ./torale up}) without losing schedules.
 *
 * <p>The binary is {@code $TORALE_TEMPORAL_BIN}, else {@code <tools>/bin/temporal}, else {@code
 * temporal} on the PATH; {@code scripts/install-temporal.sh} provides it.
 */
final class TemporalDevServer implements AutoCloseable {

  private static final org.slf4j.Logger log =
      org.slf4j.LoggerFactory.getLogger(TemporalDevServer.class);

  static final String NAMESPACE = "default";
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

  private final Path binary;
  private final int port;
  private final int uiPort;
  private final boolean ui;
  private final Path dataDir;
  private ChildProcess process;

  private TemporalDevServer(Path binary, int port, int uiPort, boolean ui, Path dataDir) {
    this.binary = binary;
    this.port = port;
    this.uiPort = uiPort;
    this.ui = ui;
    this.dataDir = dataDir;
  }

  static TemporalDevServer start(
      Path configuredBinary, Path toolsDir, int port, int uiPort, boolean ui, Path dataDir)
      throws Exception {
    TemporalDevServer server =
        new TemporalDevServer(findBinary(configuredBinary, toolsDir), port, uiPort, ui, dataDir);
    server.start();
    return server;
  }

  static Path findBinary(Path configured, Path toolsDir) {
    if (configured != null) {
      if (!Files.isExecutable(configured)) {
        throw new IllegalStateException(
            LocalStackConfig.Env.TEMPORAL_BIN + "=" + configured + " is not an executable file");
      }
      return configured;
    }
    Path tools = toolsDir.resolve("bin/temporal");
    if (Files.isExecutable(tools)) {
      return tools;
    }
    String path = System.getenv().getOrDefault("PATH", "");
    for (String dir : path.split(java.io.File.pathSeparator)) {
      Path candidate = Path.of(dir.isEmpty() ? "." : dir, "temporal");
      if (Files.isExecutable(candidate) && !Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException(
        "The Temporal CLI (temporal) was not found in "
            + tools
            + " nor on the PATH. Install it with scripts/install-temporal.sh, or point "
            + LocalStackConfig.Env.TEMPORAL_BIN
            + " at a temporal binary.");
  }

  /**
   * Starts the dev server and waits until it serves the default namespace. A server that exits
   * while starting is started once more: it binds internal ports of its own choosing at start-up,
   * and on a busy machine one of them is now and then taken in the meantime.
   */
  synchronized void start() throws Exception {
    try {
      startOnce();
    } catch (ExitedWhileStarting e) {
      log.warn(
          "Temporal dev server exited while starting; starting it once more. {}", e.getMessage());
      startOnce();
    }
  }

  private void startOnce() throws Exception {
    if (process != null && process.isAlive()) {
      return;
    }
    Files.createDirectories(dataDir);
    List<String> command = new ArrayList<>();
    command.addAll(List.of(binary.toString(), "server", "start-dev"));
    command.addAll(List.of("--ip", "localhost", "--port", Integer.toString(port)));
    command.addAll(List.of("--db-filename", dataDir.resolve("temporal.db").toString()));
    // SQLite's defaults (a rollback journal, fsync on every commit) made each of the dozens of
    // writes per run a journal file created, synced and deleted. A write-ahead log with NORMAL
    // sync keeps every committed write through a crash or kill -9 of the server; only a power
    // loss may lose the last ones, as with the local PostgreSQL (fsync off).
    command.addAll(
        List.of("--sqlite-pragma", "journal_mode=wal", "--sqlite-pragma", "synchronous=normal"));
    command.addAll(List.of("--log-level", "warn"));
    // The monitoring workflows are found by task id (DESIGN.md).
    command.addAll(List.of("--search-attribute", "TaskId=Keyword"));
    if (ui) {
      command.addAll(List.of("--ui-port", Integer.toString(uiPort), "--ui-disable-news-fetch"));
    } else {
      command.add("--headless");
    }
    process =
        ChildProcess.start(
            "Temporal dev server",
            command,
            // GOGC=50: Go collects when its heap has grown by half since the last collection, not
            // doubled; the idle server allocates little, so this costs next to no CPU and keeps
            // its resident heap smaller beside the JVMs.
            Map.of("TEMPORAL_VERSION_CHECK_DISABLED", "1", "GOGC", "50"),
            dataDir,
            dataDir.resolve("logs/temporal.log"));
    try {
      awaitReady();
    } catch (Exception e) {
      stop();
      throw e;
    }
  }

  /** Waits until the frontend answers for the default namespace. */
  private void awaitReady() throws Exception {
    long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
    while (!Ports.accepts(port, Duration.ofMillis(500))) {
      checkAlive(deadline);
      Thread.sleep(100);
    }
    WorkflowServiceStubs stubs =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget(target()).build());
    try {
      DescribeNamespaceRequest request =
          DescribeNamespaceRequest.newBuilder().setNamespace(NAMESPACE).build();
      while (true) {
        try {
          stubs.blockingStub().withDeadlineAfter(2, TimeUnit.SECONDS).describeNamespace(request);
          return;
        } catch (StatusRuntimeException e) {
          checkAlive(deadline);
          Thread.sleep(100);
        }
      }
    } finally {
      stubs.shutdownNow();
      stubs.awaitTermination(5, TimeUnit.SECONDS);
    }
  }

  private void checkAlive(long deadline) {
    if (!process.isAlive()) {
      throw new ExitedWhileStarting(
          "Temporal dev server exited while starting; log "
              + process.logFile()
              + ":\n"
              + process.logTail(30));
    }
    if (System.nanoTime() > deadline) {
      throw new IllegalStateException(
          "Temporal dev server not ready after "
              + READY_TIMEOUT.toSeconds()
              + " s; log "
              + process.logFile()
              + ":\n"
              + process.logTail(30));
    }
  }

  synchronized void stop() {
    if (process != null) {
      process.stop(20);
      process = null;
    }
  }

  String target() {
    return "localhost:" + port;
  }

  String uiUrl() {
    return ui ? "http://localhost:" + uiPort : null;
  }

  @Override
  public void close() {
    stop();
  }

  private static final class ExitedWhileStarting extends IllegalStateException {
    ExitedWhileStarting(String message) {
      super(message);
    }
  }
}
