package io.torale.notifier.delivery;

import io.torale.schemas.Topics;
import io.torale.schemas.v1.NotificationDelivery;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Publishes attempt outcomes to {@code torale.notification-deliveries.v1}, keyed by task id. The
 * record holds the redacted target only; no secrets, no bodies. The attempt is already stored in
 * PostgreSQL when this runs, so a failed publish is logged rather than failing the delivery.
 */
@Component
public class DeliveryEvents {

  private static final Logger log = LoggerFactory.getLogger(DeliveryEvents.class);

  private final KafkaTemplate<String, NotificationDelivery> kafka;

  DeliveryEvents(KafkaTemplate<String, NotificationDelivery> kafka) {
    this.kafka = kafka;
  }

  public void publish(NotificationDelivery record) {
    try {
      kafka
          .send(Topics.NOTIFICATION_DELIVERIES, record.getTaskId(), record)
          .get(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      log.warn("Could not publish delivery record {}: {}", record.getDeliveryId(), e.toString());
    }
  }
}
