package io.torale.worker.publish;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * The worker's business series, counted once a record is on Kafka:
 *
 * <ul>
 *   <li>{@code torale.runs} (timer; Prometheus {@code torale_runs_seconds_count/_sum/_max}): runs
 *       by {@code outcome} (succeeded, skipped, failed) and {@code condition_met}, with the run's
 *       duration from start to finish;
 *   <li>{@code torale.condition.met} (Prometheus {@code torale_condition_met_total}): ConditionMet
 *       events published.
 * </ul>
 *
 * An activity retried after its send succeeded counts twice; the Kafka records carry ids that make
 * those duplicates visible, these series do not.
 */
@Component
class RunMetrics {

  private final MeterRegistry registry;
  private final Counter conditionMet;

  RunMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.conditionMet =
        Counter.builder("torale.condition.met")
            .description("ConditionMet events published")
            .register(registry);
  }

  void runRecorded(RunRecord run) {
    Timer.builder("torale.runs")
        .description("Monitoring runs finished, by outcome, with their duration")
        .tag("outcome", run.status().toLowerCase(java.util.Locale.ROOT))
        .tag("condition_met", Boolean.toString(run.conditionMet()))
        .register(registry)
        .record(Duration.ofMillis(Math.max(0, run.finishedAtMillis() - run.startedAtMillis())));
  }

  void conditionMetPublished() {
    conditionMet.increment();
  }
}
