package io.torale.testsupport.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * CPU time of this JVM and of every process it started (the local stack's Kafka, registry, Temporal
 * dev server, PostgreSQL, and service processes), for benchmarks on a shared machine: CPU per unit
 * of work is distorted far less by other load than wall-clock rates are. Reads {@code
 * /proc/<pid>/stat} (Linux only; elsewhere the descendants count as zero). Hand-written because no
 * kept library reads a process tree's CPU; it is a few lines of procfs.
 */
public final class CpuMeter {

  private static final long TICKS_PER_SECOND = 100; // USER_HZ on Linux

  private CpuMeter() {}

  /** CPU used so far: this JVM and all its descendant processes, in nanoseconds. */
  public record Sample(long jvmNanos, long childrenNanos) {

    public long totalNanos() {
      return jvmNanos + childrenNanos;
    }

    /** CPU used between {@code earlier} and this sample. */
    public Sample minus(Sample earlier) {
      return new Sample(jvmNanos - earlier.jvmNanos, childrenNanos - earlier.childrenNanos);
    }

    /** "jvm 1.2 ms + stack 3.4 ms = 4.6 ms" per unit of work. */
    public String perUnit(int units) {
      return "%.1f ms (this JVM %.1f + child processes %.1f)"
          .formatted(
              totalNanos() / 1e6 / units, jvmNanos / 1e6 / units, childrenNanos / 1e6 / units);
    }
  }

  public static Sample now() {
    long jvm =
        ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
            .getProcessCpuTime();
    long children;
    try (Stream<ProcessHandle> descendants = ProcessHandle.current().descendants()) {
      children =
          descendants.mapToLong(p -> ticks(p.pid())).sum() * (1_000_000_000L / TICKS_PER_SECOND);
    }
    return new Sample(jvm, children);
  }

  /** The 1, 5 and 15 minute load averages, as the kernel reports them. */
  public static String loadAverage() {
    try {
      String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return fields[0] + " " + fields[1] + " " + fields[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }

  /** utime + stime of one process (fields 14 and 15, after the parenthesised command name). */
  private static long ticks(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    } catch (IOException | RuntimeException gone) {
      return 0; // exited, or not Linux
    }
  }
}
