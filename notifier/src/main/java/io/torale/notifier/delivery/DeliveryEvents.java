package io.torale.notifier.delivery;

import io.torale.schemas.Topics;
import io.torale.schemas.v1.NotificationDelivery;
import java.util.concurrent.CompletableFuture;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Sends attempt records to {@code torale.notification-deliveries.v1}, keyed by task id. The record
 * holds the redacted target only; no secrets, no bodies. Only the {@link DeliveryOutbox} calls it,
 * for attempts already stored in PostgreSQL. Records carry no {@code traceparent}: the attempt's
 * trace is the webhook request's.
 */
@Component
public class DeliveryEvents {

  private final KafkaTemplate<String, NotificationDelivery> kafka;

  DeliveryEvents(KafkaTemplate<String, NotificationDelivery> kafka) {
    // The same producer, without the template's observation: a record is sent from the recorder or
    // the relay, outside any trace, so the observation only made a new one-span trace per record
    // (a profiled cost per delivery) that nothing continues.
    this.kafka = new KafkaTemplate<>(kafka.getProducerFactory());
    // Sends are counted by the producer's own metrics; a timer per record adds nothing.
    this.kafka.setMicrometerEnabled(false);
  }

  /** Completes when Kafka acknowledged the record; never throws. */
  public CompletableFuture<?> send(NotificationDelivery record) {
    try {
      return kafka.send(Topics.NOTIFICATION_DELIVERIES, record.getTaskId(), record);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }
}
