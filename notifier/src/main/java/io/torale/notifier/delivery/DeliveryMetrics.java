package io.torale.notifier.delivery;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * {@code torale.delivery.attempts} (Prometheus {@code torale_delivery_attempts_total}): attempts
 * recorded, by {@code channel} (email, webhook) and {@code outcome} (delivered, retryable, failed,
 * suppressed, refused, endpoint_disabled). A retryable attempt whose ladder is exhausted ends the
 * delivery as failed.
 */
@Component
class DeliveryMetrics implements AttemptObserver {

  private final MeterRegistry registry;

  DeliveryMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** Counters by channel and outcome, registered once: building a meter id per attempt showed. */
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();

  @Override
  public String afterAttempt(Delivery delivery, Outcome outcome) {
    String channel = delivery.channel().name().toLowerCase(Locale.ROOT);
    String tag = outcomeTag(outcome);
    counters
        .computeIfAbsent(
            channel + " " + tag,
            key ->
                Counter.builder("torale.delivery.attempts")
                    .description("Notification delivery attempts, by channel and outcome")
                    .tag("channel", channel)
                    .tag("outcome", tag)
                    .register(registry))
        .increment();
    return null;
  }

  static String outcomeTag(Outcome outcome) {
    return switch (outcome) {
      case Outcome.Delivered d -> "delivered";
      case Outcome.Retryable r -> "retryable";
      case Outcome.Failed f -> "failed";
      case Outcome.Suppressed s -> "suppressed";
      case Outcome.Refused r -> "refused";
      case Outcome.Deferred d -> "deferred";
      case Outcome.EndpointDisabled d -> "endpoint_disabled";
    };
  }
}
