package io.torale.e2e.cost;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

/**
 * The processes of one system under test, read from {@code /proc}: the descendants of its root
 * processes (found again at every reading, so backends and children that come and go are counted),
 * their CPU time and their proportional set size. Hand-written: the JDK's {@code ProcessHandle}
 * gives neither CPU ticks of other processes nor PSS, and these are two small files per process.
 */
final class ProcessTree {

  /** Kernel clock ticks per second ({@code getconf CLK_TCK}); 100 on every Linux we run on. */
  private static final double TICKS_PER_SECOND = clockTicks();

  private final LongSupplier[] roots;

  /** Roots are read each time: e.g. PostgreSQL's postmaster, whose pid is known only later. */
  ProcessTree(LongSupplier... roots) {
    this.roots = roots;
  }

  /** The live processes of the system: the roots and all their descendants. */
  Set<Long> pids() {
    Map<Long, List<Long>> children = new TreeMap<>();
    try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
      for (Path entry : entries.toList()) {
        String name = entry.getFileName().toString();
        if (!name.chars().allMatch(Character::isDigit)) {
          continue;
        }
        String[] stat = stat(Long.parseLong(name));
        if (stat != null) {
          children
              .computeIfAbsent(Long.parseLong(stat[1]), k -> new ArrayList<>())
              .add(Long.parseLong(name));
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot list /proc", e);
    }
    Set<Long> all = new LinkedHashSet<>();
    List<Long> queue = new ArrayList<>();
    for (LongSupplier root : roots) {
      long pid = root.getAsLong();
      if (pid > 0 && Files.exists(Path.of("/proc", Long.toString(pid)))) {
        queue.add(pid);
      }
    }
    while (!queue.isEmpty()) {
      long pid = queue.removeLast();
      if (all.add(pid)) {
        queue.addAll(children.getOrDefault(pid, List.of()));
      }
    }
    return all;
  }

  /**
   * CPU seconds used so far by the system: user + system time of every live process, plus the time
   * of its children that ended and were reaped (cutime/cstime), so a PostgreSQL backend that exits
   * during a burst still counts, through its postmaster.
   */
  double cpuSeconds() {
    long ticks = 0;
    for (long pid : pids()) {
      String[] stat = stat(pid);
      if (stat != null) {
        // Fields after the command: [0]=state, [1]=ppid, utime=11, stime=12, cutime=13, cstime=14.
        ticks +=
            Long.parseLong(stat[11])
                + Long.parseLong(stat[12])
                + Long.parseLong(stat[13])
                + Long.parseLong(stat[14]);
      }
    }
    return ticks / TICKS_PER_SECOND;
  }

  /** Proportional set size of the whole system, in bytes (shared pages split among sharers). */
  long pssBytes() {
    long kb = 0;
    for (long pid : pids()) {
      try {
        for (String line :
            Files.readAllLines(Path.of("/proc", Long.toString(pid), "smaps_rollup"))) {
          if (line.startsWith("Pss:")) {
            kb += Long.parseLong(line.replaceAll("[^0-9]", ""));
          }
        }
      } catch (IOException | RuntimeException gone) {
        // the process ended meanwhile
      }
    }
    return kb * 1024;
  }

  /** Short names of the live processes with their count, e.g. {@code java×5 postgres×12}. */
  String census() {
    Map<String, Integer> counts = new TreeMap<>();
    for (long pid : pids()) {
      try {
        String comm = Files.readString(Path.of("/proc", Long.toString(pid), "comm")).strip();
        counts.merge(comm, 1, Integer::sum);
      } catch (IOException gone) {
        // ended meanwhile
      }
    }
    StringBuilder out = new StringBuilder();
    counts.forEach((name, n) -> out.append(name).append('×').append(n).append(' '));
    return out.toString().strip();
  }

  /** CPU seconds so far by process label (as {@link #cpuSeconds()}, grouped). */
  Map<String, Double> cpuByLabel() {
    Map<String, Double> byLabel = new TreeMap<>();
    for (long pid : pids()) {
      String[] stat = stat(pid);
      if (stat != null) {
        double cpu =
            (Long.parseLong(stat[11])
                    + Long.parseLong(stat[12])
                    + Long.parseLong(stat[13])
                    + Long.parseLong(stat[14]))
                / TICKS_PER_SECOND;
        byLabel.merge(label(pid), cpu, Double::sum);
      }
    }
    return byLabel;
  }

  /** Per-process CPU seconds and PSS, for the report: where the cost sits. */
  String breakdown() {
    Map<String, double[]> byName = new TreeMap<>();
    for (long pid : pids()) {
      String[] stat = stat(pid);
      if (stat == null) {
        continue;
      }
      String name = label(pid);
      double cpu =
          (Long.parseLong(stat[11])
                  + Long.parseLong(stat[12])
                  + Long.parseLong(stat[13])
                  + Long.parseLong(stat[14]))
              / TICKS_PER_SECOND;
      long pss = 0;
      try {
        for (String line :
            Files.readAllLines(Path.of("/proc", Long.toString(pid), "smaps_rollup"))) {
          if (line.startsWith("Pss:")) {
            pss += Long.parseLong(line.replaceAll("[^0-9]", ""));
          }
        }
      } catch (IOException | RuntimeException gone) {
        // ended meanwhile
      }
      byName.computeIfAbsent(name, k -> new double[3]);
      byName.get(name)[0] += cpu;
      byName.get(name)[1] += pss / 1024.0;
      byName.get(name)[2] += 1;
    }
    StringBuilder out = new StringBuilder();
    byName.forEach(
        (name, v) ->
            out.append(
                "    %-28s ×%-3d cpu %8.1f s  pss %7.1f MB%n"
                    .formatted(name, (int) v[2], v[0], v[1])));
    return out.toString();
  }

  /** A readable name: the jar or main class of a JVM, else the command. */
  static String label(long pid) {
    try {
      String[] args = Files.readString(Path.of("/proc", Long.toString(pid), "cmdline")).split("\0");
      String comm = Files.readString(Path.of("/proc", Long.toString(pid), "comm")).strip();
      for (int i = 0; i < args.length - 1; i++) {
        if (args[i].equals("-jar")) {
          return Path.of(args[i + 1]).getFileName().toString();
        }
      }
      if (comm.equals("postgres")) {
        return "postgres";
      }
      return comm;
    } catch (IOException gone) {
      return "?";
    }
  }

  /** The fields of {@code /proc/PID/stat} after the command name, or null if it ended. */
  private static String[] stat(long pid) {
    try {
      String line = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      // The command may hold spaces and parentheses: the fields start after the last ')'.
      return line.substring(line.lastIndexOf(')') + 2).split(" ");
    } catch (IOException | RuntimeException gone) {
      return null;
    }
  }

  static String loadAverage() {
    try {
      String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return parts[0] + " " + parts[1] + " " + parts[2];
    } catch (IOException e) {
      return "?";
    }
  }

  private static double clockTicks() {
    try {
      Process getconf = new ProcessBuilder("getconf", "CLK_TCK").start();
      String out = new String(getconf.getInputStream().readAllBytes()).strip();
      getconf.waitFor();
      return Double.parseDouble(out);
    } catch (Exception e) {
      return 100;
    }
  }
}
