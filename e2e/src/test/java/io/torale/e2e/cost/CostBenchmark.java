package io.torale.e2e.cost;

import io.torale.localstack.LocalStackConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Issue 15's benchmark: the cost of a check for the whole system, Torale beside changedetation.io,
 * one after the other in the same invocation, with the same workload: N web-page watches over N
 * local pages ("contains Status: red", webhook to a local receiver), all triggered at once.
 *
 * <p>For each system it prints: start-up until it answers; idle CPU over 30 s and PSS at rest (all
 * processes of the system, from {@code /proc}); a warm-up burst, then a measured burst (checks/s
 * until the N-th webhook, and CPU ms per check summed over every process of the system, with and
 * without the idle rate subtracted); PSS after the burst; change → webhook p50/p95 over sequential
 * single checks; then the ratios Torale / peer and the load average beside every figure.
 *
 * <p>Not part of {@code verify} (the name matches no failsafe include). Run with {@code ./mvnw -B
 * -pl e2e verify -Dit.test=CostBenchmark -Dtest=None -Dsurefire.failIfNoSpecifiedTests=false} after
 * {@code ./torale build}; {@code -Dbench.tasks} (100), {@code -Dbench.latency-runs} (20), {@code
 * -Dbench.idle-seconds} (30), {@code -Dbench.peer=false} to skip changedetection.io, {@code
 * -Dbench.torale=false} to measure changedetection.io alone, {@code -Dbench.jfr=true} to profile
 * the measured burst of every JVM of the system (JFR started and stopped with {@code jcmd}). The
 * peer is installed from PyPI into {@code .tools/changedetection} on first use ({@code
 * scripts/install-changedetection.sh}). The report also goes to {@code
 * e2e/target/cost-benchmark.txt}; it asserts nothing about the figures.
 */
class CostBenchmark {

  static final int TASKS = Integer.getInteger("bench.tasks", 100);
  static final int LATENCY_RUNS = Integer.getInteger("bench.latency-runs", 20);
  static final int IDLE_SECONDS = Integer.getInteger("bench.idle-seconds", 30);
  static final boolean PEER = Boolean.parseBoolean(System.getProperty("bench.peer", "true"));

  /** {@code false} measures the peer alone, without starting Torale's stack (quick to iterate). */
  static final boolean TORALE = Boolean.parseBoolean(System.getProperty("bench.torale", "true"));

  /** Records the measured burst of every JVM of the system with JFR (adds some CPU). */
  static final boolean JFR = Boolean.getBoolean("bench.jfr");

  static final Path WORK = LocalStackConfig.repositoryRoot().resolve("e2e/target/cost-benchmark");

  /** After start-up, before the idle window: let start-up work (JIT, reconcile, pools) end. */
  static final Duration SETTLE = Duration.ofSeconds(Integer.getInteger("bench.settle-seconds", 20));

  static final Duration BURST_TIMEOUT = Duration.ofMinutes(5);

  record Figures(
      String system,
      double startupSeconds,
      double startupCpuSeconds,
      String startupLoad,
      double idleCores,
      String idleLoad,
      long pssAtRest,
      String census,
      double checksPerSecond,
      double cpuMsPerCheck,
      double netCpuMsPerCheck,
      String burstLoad,
      long pssAfter,
      double p50Ms,
      double p95Ms,
      String latencyLoad,
      String cpuPerCheckByProcess,
      String breakdown) {}

  @Test
  void tasksTriggeredAtOnce() throws Exception {
    Path work = WORK;
    List<Figures> all = new ArrayList<>();
    StringBuilder report = new StringBuilder();
    report.append(
        "COST %d web-page watches (contains \"Status: red\", webhook), all triggered at once; %d cores; JVM %s%n"
            .formatted(
                TASKS,
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("java.version")));
    try (PagesAndHooks web = new PagesAndHooks(TASKS)) {
      List<SystemUnderTest> systems = new ArrayList<>();
      if (TORALE) {
        systems.add(new ToraleUnderTest(web, work.resolve("torale")));
      }
      if (PEER) {
        systems.add(new ChangedetectionUnderTest(web, work.resolve("changedetection")));
      }
      for (SystemUnderTest system : systems) {
        try (system) {
          report.append("COST system: ").append(system.description()).append('\n');
          Figures figures = measure(system, web);
          all.add(figures);
          report.append(format(figures));
          System.out.print(format(figures));
          System.out.flush();
        }
      }
    }
    if (all.size() == 2) {
      report.append(ratios(all.get(0), all.get(1)));
    }
    System.out.println(report);
    Files.writeString(
        LocalStackConfig.repositoryRoot().resolve("e2e/target/cost-benchmark.txt"),
        report.toString());
  }

  private static Figures measure(SystemUnderTest system, PagesAndHooks web) throws Exception {
    String name = system.name();
    system.prepare();
    long begin = System.nanoTime();
    system.start();
    double startup = (System.nanoTime() - begin) / 1e9;
    String startupLoad = ProcessTree.loadAverage();
    ProcessTree tree = system.processes();
    // CPU spent starting, by every process still alive (and children they reaped): unlike the
    // wall time, hardly moved by the machine's load.
    double startupCpu = tree.cpuSeconds();
    log(name, "ready in %.1f s, %.1f s CPU (load %s)".formatted(startup, startupCpu, startupLoad));

    Thread.sleep(SETTLE.toMillis());
    double idleBefore = tree.cpuSeconds();
    long idleBegin = System.nanoTime();
    Thread.sleep(IDLE_SECONDS * 1000L);
    double idleCores = (tree.cpuSeconds() - idleBefore) / ((System.nanoTime() - idleBegin) / 1e9);
    String idleLoad = ProcessTree.loadAverage();
    long pssAtRest = tree.pssBytes();
    String census = tree.census();
    log(
        name,
        "idle %.3f cores, PSS at rest %d MB, processes %s (load %s)"
            .formatted(idleCores, pssAtRest >> 20, census, idleLoad));

    system.createWatches(TASKS);
    web.changeAll();
    system.triggerAll(TASKS);
    web.awaitAll(name, TASKS, BURST_TIMEOUT);
    system.awaitSettled(BURST_TIMEOUT);
    log(name, "warm-up burst done");

    pauseIntoNextSecond(0);
    web.reset(name);
    web.changeAll();
    FlightRecordings recordings = JFR ? FlightRecordings.start(tree, WORK.resolve("jfr")) : null;
    double cpuBefore = tree.cpuSeconds();
    Map<String, Double> byProcessBefore = tree.cpuByLabel();
    long burstBegin = System.nanoTime();
    system.triggerAll(TASKS);
    long last = web.awaitAll(name, TASKS, BURST_TIMEOUT);
    system.awaitSettled(BURST_TIMEOUT);
    double cpu = tree.cpuSeconds() - cpuBefore;
    StringBuilder perCheck = new StringBuilder();
    tree.cpuByLabel()
        .forEach(
            (label, seconds) ->
                perCheck.append(
                    "    %-28s %7.1f ms per check%n"
                        .formatted(
                            label,
                            (seconds - byProcessBefore.getOrDefault(label, 0.0)) * 1000 / TASKS)));
    double window = (System.nanoTime() - burstBegin) / 1e9;
    double checksPerSecond = TASKS / ((last - burstBegin) / 1e9);
    double cpuMsPerCheck = cpu * 1000 / TASKS;
    double netCpuMsPerCheck = Math.max(0, cpu - idleCores * window) * 1000 / TASKS;
    String burstLoad = ProcessTree.loadAverage();
    if (recordings != null) {
      log(name, "profile of the burst (JFR, CPU samples by top frame):\n" + recordings.stop());
    }
    long pssAfter = tree.pssBytes();
    log(
        name,
        "burst %.1f checks/s, %.1f ms CPU per check (%.1f net of idle), PSS after %d MB (load %s)"
            .formatted(
                checksPerSecond, cpuMsPerCheck, netCpuMsPerCheck, pssAfter >> 20, burstLoad));

    List<Double> latencies = new ArrayList<>();
    // Before each single check, outside the timed span: into the next second (see
    // pauseIntoNextSecond), then a random 0-1 s (seeded), as back-to-back checks would lock in
    // phase with a system's periodic pollers (changedetection.io polls its notification queue once
    // a second, so every webhook waited almost the whole second), where a real change comes at a
    // random moment.
    Random phase = new Random(15);
    for (int run = 0; run < LATENCY_RUNS; run++) {
      pauseIntoNextSecond(phase.nextInt(1000));
      web.reset(name);
      web.change(0);
      long start = System.nanoTime();
      system.trigger(0);
      long arrived = web.awaitAll(name, 1, Duration.ofMinutes(1));
      latencies.add((arrived - start) / 1e6);
      system.awaitSettled(Duration.ofMinutes(1));
    }
    latencies.sort(Double::compare);
    String latencyLoad = ProcessTree.loadAverage();
    return new Figures(
        name,
        startup,
        startupCpu,
        startupLoad,
        idleCores,
        idleLoad,
        pssAtRest,
        census,
        checksPerSecond,
        cpuMsPerCheck,
        netCpuMsPerCheck,
        burstLoad,
        pssAfter,
        percentile(latencies, 0.50),
        percentile(latencies, 0.95),
        latencyLoad,
        perCheck.toString(),
        tree.breakdown());
  }

  /**
   * Sleeps into the next wall-clock second, then {@code extraMillis}: changedetection.io keys a
   * watch's snapshots by whole second, and a check in the same second as the watch's last snapshot
   * sleeps 1 s first ("Timestamp ... already exists, waiting 1 seconds"). A page changing twice in
   * one second is not the workload, so no check starts in the second of the previous one.
   */
  private static void pauseIntoNextSecond(long extraMillis) throws InterruptedException {
    Thread.sleep(1000 - System.currentTimeMillis() % 1000 + extraMillis);
  }

  private static double percentile(List<Double> sorted, double p) {
    int index = (int) Math.ceil(p * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
  }

  private static String format(Figures f) {
    return """
        COST %s
          start-up to ready                 %8.1f s          %.1f s CPU (load %s)
          idle CPU over %d s                %8.3f cores      (load %s)
          PSS at rest                       %8d MB         processes: %s
          burst of %d: checks/s             %8.1f /s         (load %s)
          CPU per check (all processes)     %8.1f ms         %.1f ms net of idle
          PSS after the burst               %8d MB
          change -> webhook p50 / p95       %8.0f / %.0f ms  (%d runs, load %s)
          CPU per check of the measured burst, by process:
        %s  by process (CPU since start, PSS now):
        %s"""
        .formatted(
            f.system(),
            f.startupSeconds(),
            f.startupCpuSeconds(),
            f.startupLoad(),
            IDLE_SECONDS,
            f.idleCores(),
            f.idleLoad(),
            f.pssAtRest() >> 20,
            f.census(),
            TASKS,
            f.checksPerSecond(),
            f.burstLoad(),
            f.cpuMsPerCheck(),
            f.netCpuMsPerCheck(),
            f.pssAfter() >> 20,
            f.p50Ms(),
            f.p95Ms(),
            LATENCY_RUNS,
            f.latencyLoad(),
            f.cpuPerCheckByProcess(),
            f.breakdown());
  }

  private static String ratios(Figures torale, Figures peer) {
    return """
        COST ratio torale / %s (goal in brackets)
          CPU per check        %6.2f×   (≤ 2)      net of idle %.2f×
          burst checks/s       %6.2f×   (≥ 0.5)
          PSS at rest          %6.2f×   (Torale ≤ 1024 MB: %d MB)
          idle CPU             Torale %.3f cores (≤ 0.02)
          start-up             %6.2f×   (Torale ≤ 20 s: %.1f s)
          change -> webhook p50 Torale %.0f ms (< 200 ms), peer %.0f ms
          load average now     %s
        """
        .formatted(
            peer.system(),
            torale.cpuMsPerCheck() / peer.cpuMsPerCheck(),
            torale.netCpuMsPerCheck() / Math.max(1e-9, peer.netCpuMsPerCheck()),
            torale.checksPerSecond() / peer.checksPerSecond(),
            (double) torale.pssAtRest() / peer.pssAtRest(),
            torale.pssAtRest() >> 20,
            torale.idleCores(),
            torale.startupSeconds() / peer.startupSeconds(),
            torale.startupSeconds(),
            torale.p50Ms(),
            peer.p50Ms(),
            ProcessTree.loadAverage());
  }

  private static void log(String system, String message) {
    System.out.println("COST [" + system + "] " + message);
    System.out.flush();
  }
}
