package io.torale.notifier.delivery;

import io.torale.schemas.Topics;
import io.torale.schemas.v1.NotificationDelivery;
import java.util.concurrent.CompletableFuture;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Sends attempt records to {@code torale.notification-deliveries.v1}, keyed by task id. The record
 * holds the redacted target only; no secrets, no bodies. Only the {@link DeliveryOutbox} calls it,
 * for attempts already stored in PostgreSQL.
 */
@Component
public class DeliveryEvents {

  private final KafkaTemplate<String, NotificationDelivery> kafka;

  DeliveryEvents(KafkaTemplate<String, NotificationDelivery> kafka) {
    this.kafka = kafka;
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
