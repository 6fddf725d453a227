package io.torale.commandconsumer;

import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleOptions;
import io.torale.commandconsumer.intake.BatchProperties;
import io.torale.commandconsumer.schedule.ScheduleSpecs;
import io.torale.commandconsumer.support.ConsumerIT;
import io.torale.commandconsumer.task.TaskDefinitions;
import io.torale.localstack.LocalStackExtension;
import io.torale.platform.monitoring.ScheduleIds;
import io.torale.schemas.v1.CommandOutcome;
import io.torale.schemas.v1.TaskCommand;
import io.torale.testsupport.bench.CpuMeter;
import io.torale.testsupport.commands.Commands;
import io.torale.testsupport.kafka.CommandBus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;

/**
 * End-to-end throughput of CreateTask commands (publish, consume, validate, create the schedule,
 * write the task, publish the result in a Kafka transaction) beside a raw {@code
 * ScheduleClient.createSchedule} loop at the same concurrency (the listener's), against the same
 * dev server in the same run, and beside the same loop with as many threads as the service has
 * commands in flight (listener concurrency × {@code torale.commands.batch.parallelism}). The phases
 * alternate ({@code -Dbench.rounds}, default 2, each phase N commands) after a warm-up of both, so
 * the load of a shared machine hits both; each phase prints its rate, its CPU per unit (this JVM,
 * which hosts the service, plus the local stack's processes) and the load average. Usage: see the
 * module README; the only argument is N (default 300).
 */
public final class CommandThroughputBenchmark {

  private CommandThroughputBenchmark() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 300;
    int rounds = Integer.getInteger("bench.rounds", 2);
    int warmup = Integer.getInteger("bench.warmup", 60);
    var stack = LocalStackExtension.stack();
    var context =
        SpringApplication.run(
            CommandConsumerApplication.class,
            "--server.port=0",
            "--torale.admin.token=benchmark",
            "--torale.reconcile.on-startup=false",
            "--torale.reconcile.interval=1h",
            "--logging.level.io.torale=WARN");
    int concurrency = context.getBean(KafkaProperties.class).getListener().getConcurrency();
    // The most Temporal calls the service has in flight: each listener thread decides up to this
    // many tasks' commands at once. The second baseline runs that many raw calls at once, so the
    // gain from deciding tasks side by side is shown apart from the cost of a command.
    int inFlight = concurrency * context.getBean(BatchProperties.class).parallelism();
    ScheduleClient schedules = context.getBean(ScheduleClient.class);
    CommandBus bus = ConsumerIT.sharedBus();
    try {
      // Warm-up: connections, JIT, the registry's schema lookups, Temporal's and Kafka's caches.
      raw(schedules, warmup, concurrency);
      raw(schedules, warmup, inFlight);
      endToEnd(bus, warmup);
      double rawSum = 0;
      double wideSum = 0;
      double e2eSum = 0;
      for (int round = 1; round <= rounds; round++) {
        // The order flips every round, so neither phase always runs on a warmer machine.
        if (round % 2 == 1) {
          rawSum += measureRaw(schedules, n, concurrency, round);
          wideSum += measureRaw(schedules, n, inFlight, round);
          e2eSum += measureEndToEnd(bus, n, round);
        } else {
          e2eSum += measureEndToEnd(bus, n, round);
          wideSum += measureRaw(schedules, n, inFlight, round);
          rawSum += measureRaw(schedules, n, concurrency, round);
        }
      }
      double raw = rawSum / rounds;
      double wide = wideSum / rounds;
      double e2e = e2eSum / rounds;
      System.out.printf(
          "%nBENCHMARK N=%d per phase, %d rounds, warm-up %d, concurrency %d, up to %d commands in"
              + " flight, %d cores%n"
              + "BENCHMARK   raw createSchedule loop, %d threads: %.1f schedules/s (mean)%n"
              + "BENCHMARK   raw createSchedule loop, %d threads: %.1f schedules/s (mean)%n"
              + "BENCHMARK   end to end (commands applied, results read): %.1f commands/s (mean)%n"
              + "BENCHMARK   ratio end-to-end / raw at %d threads: %.2f; / raw at %d threads: %.2f"
              + "   load average %s%n",
          n,
          rounds,
          warmup,
          concurrency,
          inFlight,
          Runtime.getRuntime().availableProcessors(),
          concurrency,
          raw,
          inFlight,
          wide,
          e2e,
          concurrency,
          e2e / raw,
          inFlight,
          e2e / wide,
          CpuMeter.loadAverage());
    } finally {
      context.close();
      stack.close();
      System.exit(0);
    }
  }

  private static double measureRaw(ScheduleClient schedules, int n, int concurrency, int round)
      throws Exception {
    var cpu = CpuMeter.now();
    double rate = raw(schedules, n, concurrency);
    System.out.printf(
        "BENCHMARK round %d raw createSchedule loop, %2d threads:  %6.1f /s  CPU per schedule %s  load"
            + " %s%n",
        round, concurrency, rate, CpuMeter.now().minus(cpu).perUnit(n), CpuMeter.loadAverage());
    return rate;
  }

  private static double measureEndToEnd(CommandBus bus, int n, int round) {
    var cpu = CpuMeter.now();
    double rate = endToEnd(bus, n);
    System.out.printf(
        "BENCHMARK round %d commands end to end:                %6.1f /s  CPU per command  %s  load %s%n",
        round, rate, CpuMeter.now().minus(cpu).perUnit(n), CpuMeter.loadAverage());
    return rate;
  }

  private static double raw(ScheduleClient schedules, int n, int concurrency) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(concurrency);
    List<Future<?>> futures = new ArrayList<>();
    long start = System.nanoTime();
    for (int i = 0; i < n; i++) {
      futures.add(
          pool.submit(
              () -> {
                var task =
                    TaskDefinitions.fromCreate(UUID.randomUUID(), Commands.validCreate().build());
                schedules.createSchedule(
                    ScheduleIds.forTask("raw-" + task.id()),
                    ScheduleSpecs.forTask(task, Duration.ofMinutes(1)),
                    ScheduleOptions.newBuilder()
                        .setMemo(ScheduleSpecs.memo(task.id().toString()))
                        .setTypedSearchAttributes(
                            ScheduleSpecs.searchAttributes(task.id().toString()))
                        .build());
              }));
    }
    for (Future<?> f : futures) {
      f.get();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    pool.shutdown();
    return n / seconds;
  }

  private static double endToEnd(CommandBus bus, int n) {
    List<TaskCommand> sent = new ArrayList<>(n);
    long start = System.nanoTime();
    for (int i = 0; i < n; i++) {
      sent.add(bus.publishAsync(Commands.create(UUID.randomUUID().toString())));
    }
    for (TaskCommand command : sent) {
      var result = bus.awaitResult(command, Duration.ofMinutes(5));
      if (result.getOutcome() != CommandOutcome.APPLIED) {
        throw new IllegalStateException("not applied: " + result);
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    return n / seconds;
  }
}
