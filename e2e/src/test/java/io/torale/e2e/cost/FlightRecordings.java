package io.torale.e2e.cost;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * JFR recordings of the JVMs of a system under test, started and stopped from outside with {@code
 * jcmd} (so the system's command lines stay as users run them), summarised with {@code jfr view
 * hot-methods}: where the CPU of a burst goes, per JVM.
 */
final class FlightRecordings {

  private final List<Long> jvms = new ArrayList<>();
  private final List<String> labels = new ArrayList<>();
  private final Path dir;

  private FlightRecordings(Path dir) {
    this.dir = dir;
  }

  static FlightRecordings start(ProcessTree tree, Path dir) throws IOException {
    Files.createDirectories(dir);
    FlightRecordings recordings = new FlightRecordings(dir);
    for (long pid : tree.pids()) {
      String comm;
      try {
        comm = Files.readString(Path.of("/proc", Long.toString(pid), "comm")).strip();
      } catch (NoSuchFileException gone) {
        continue; // a short-lived child (a shell, a sleep) ended since the tree was read
      }
      if (!comm.equals("java")) {
        continue;
      }
      String label = ProcessTree.label(pid);
      if (run(tool("jcmd"), Long.toString(pid), "JFR.start", "name=cost", "settings=profile")
          .contains("Started recording")) {
        recordings.jvms.add(pid);
        recordings.labels.add(label);
      }
    }
    return recordings;
  }

  /** Stops the recordings and returns each JVM's hottest methods. */
  String stop() {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < jvms.size(); i++) {
      long pid = jvms.get(i);
      Path file = dir.resolve(labels.get(i) + "-" + pid + ".jfr");
      run(tool("jcmd"), Long.toString(pid), "JFR.stop", "name=cost", "filename=" + file);
      out.append("  ").append(labels.get(i)).append(" (").append(file).append(")\n");
      String view = run(tool("jfr"), "view", "--width", "160", "hot-methods", file.toString());
      view.lines().limit(16).forEach(line -> out.append("    ").append(line).append('\n'));
    }
    return out.toString();
  }

  private static String tool(String name) {
    return Path.of(System.getProperty("java.home"), "bin", name).toString();
  }

  private static String run(String... command) {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String output = new String(process.getInputStream().readAllBytes());
      process.waitFor(2, TimeUnit.MINUTES);
      return output;
    } catch (IOException e) {
      return e.toString();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return e.toString();
    }
  }
}
