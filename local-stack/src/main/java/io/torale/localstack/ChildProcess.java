package io.torale.localstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A server started as a child process, with its output in a log file.
 *
 * <p>A shutdown hook cannot run when the JVM is killed abruptly ({@code kill -9}, an IDE's stop
 * button), so each child gets a watchdog: a small shell loop that ends the child once this JVM is
 * gone, and exits by itself once the child is gone.
 */
final class ChildProcess {

  private static final Logger log = LoggerFactory.getLogger(ChildProcess.class);

  private final String name;
  private final Process process;
  private final Process watchdog;
  private final Path logFile;

  private ChildProcess(String name, Process process, Process watchdog, Path logFile) {
    this.name = name;
    this.process = process;
    this.watchdog = watchdog;
    this.logFile = logFile;
  }

  static ChildProcess start(
      String name, List<String> command, Map<String, String> env, Path workDir, Path logFile) {
    try {
      Files.createDirectories(logFile.getParent());
      ProcessBuilder builder =
          new ProcessBuilder(command)
              .directory(workDir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
      builder.environment().putAll(env);
      Process process = builder.start();
      log.debug("{} started as pid {}: {}", name, process.pid(), command);
      return new ChildProcess(name, process, watch(process.pid()), logFile);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + name + " (" + command.getFirst() + ")", e);
    }
  }

  /** Starts a watchdog that ends {@code pid} (TERM, then KILL) once this JVM has exited. */
  static Process watch(long pid) {
    String script =
        "while kill -0 $1 2>/dev/null; do kill -0 $2 2>/dev/null || exit 0; sleep 1; done;"
            + " kill -TERM $2 2>/dev/null; sleep 5; kill -KILL $2 2>/dev/null; exit 0";
    try {
      return new ProcessBuilder(
              "sh",
              "-c",
              script,
              "torale-watchdog",
              Long.toString(ProcessHandle.current().pid()),
              Long.toString(pid))
          .redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.DISCARD)
          .start();
    } catch (IOException e) {
      log.warn("no watchdog for pid {}: it survives an abrupt end of this JVM", pid, e);
      return null;
    }
  }

  boolean isAlive() {
    return process.isAlive();
  }

  long pid() {
    return process.pid();
  }

  Path logFile() {
    return logFile;
  }

  /** The last lines of the log, for error messages. */
  String logTail(int lines) {
    try {
      List<String> all = Files.readAllLines(logFile, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException | UncheckedIOException e) {
      return "(no log: " + e.getMessage() + ")";
    }
  }

  /** Stops the process and its descendants: TERM, then KILL after the grace period. */
  void stop(long graceSeconds) {
    List<ProcessHandle> descendants = process.descendants().toList();
    process.destroy();
    descendants.forEach(ProcessHandle::destroy);
    try {
      if (!process.waitFor(graceSeconds, TimeUnit.SECONDS)) {
        log.warn("{} did not stop within {} s; killing it", name, graceSeconds);
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
      for (ProcessHandle child : descendants) {
        if (child.isAlive()) {
          child.destroyForcibly();
        }
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    } finally {
      if (watchdog != null) {
        watchdog.destroyForcibly();
      }
    }
  }

  /** Ends the process and its descendants at once (SIGKILL), as a crash would. */
  void kill() {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
    try {
      process.waitFor(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      if (watchdog != null) {
        watchdog.destroyForcibly();
      }
    }
  }
}
