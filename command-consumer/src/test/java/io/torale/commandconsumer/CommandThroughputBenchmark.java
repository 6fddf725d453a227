package io.torale.commandconsumer;

import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleOptions;
import io.torale.commandconsumer.schedule.ScheduleSpecs;
import io.torale.commandconsumer.support.ConsumerIT;
import io.torale.commandconsumer.task.TaskDefinitions;
import io.torale.localstack.LocalStackExtension;
import io.torale.platform.monitoring.ScheduleIds;
import io.torale.schemas.v1.CommandOutcome;
import io.torale.schemas.v1.TaskCommand;
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
 * write the task, publish the result) beside a raw {@code ScheduleClient.createSchedule} loop at
 * the same concurrency (the listener's), against the same dev server in the same run. Prints the
 * ratio. Usage: see the module README; the only argument is N (default 300).
 */
public final class CommandThroughputBenchmark {

  private CommandThroughputBenchmark() {}

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 300;
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
    ScheduleClient schedules = context.getBean(ScheduleClient.class);
    CommandBus bus = ConsumerIT.sharedBus();
    try {
      // Warm-up: connections, JIT, the registry's schema lookups.
      raw(schedules, 30, concurrency);
      endToEnd(bus, 30);
      double raw = raw(schedules, n, concurrency);
      double e2e = endToEnd(bus, n);
      System.out.printf(
          "%nN=%d concurrency=%d%n  raw createSchedule loop: %.1f schedules/s%n"
              + "  end to end (commands applied, results read): %.1f commands/s%n"
              + "  ratio end-to-end / raw: %.2f%n",
          n, concurrency, raw, e2e, e2e / raw);
    } finally {
      context.close();
      stack.close();
      System.exit(0);
    }
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
