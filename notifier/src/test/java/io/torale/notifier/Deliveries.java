package io.torale.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.torale.notifier.delivery.Channel;
import io.torale.notifier.delivery.DeliveryIds;
import io.torale.schemas.Topics;
import io.torale.schemas.v1.ConditionMet;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.test.context.TestComponent;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * What the notifier's integration tests do and read around a delivery: publish a {@code
 * ConditionMet} as the worker would, and read a delivery's status, last error and attempts from
 * PostgreSQL. Import it with {@code @Import(Deliveries.class)}, or build it from a context.
 */
@TestComponent
final class Deliveries {

  static final Duration WAIT = Duration.ofSeconds(30);

  private final JdbcClient jdbc;
  private final KafkaTemplate<String, ConditionMet> kafka;

  Deliveries(JdbcClient jdbc, KafkaTemplate<String, ConditionMet> kafka) {
    this.jdbc = jdbc;
    this.kafka = kafka;
  }

  /** Publishes the event keyed by its task id and waits for the broker's ack. */
  void publish(ConditionMet event) {
    try {
      kafka.send(Topics.CONDITION_MET, event.getTaskId(), event).get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("could not publish " + event.getEventId(), e);
    }
  }

  /** Publishes an event whose only target is the webhook at {@code url}. */
  ConditionMet publishToWebhook(String url) {
    ConditionMet event = Events.conditionMet("o", List.of(), List.of(url));
    publish(event);
    return event;
  }

  static String id(ConditionMet event, Channel channel, String target) {
    return DeliveryIds.of(event.getEventId(), channel, target);
  }

  /** The delivery's status, or null before it exists. */
  String status(String deliveryId) {
    return jdbc.sql("SELECT status FROM deliveries WHERE delivery_id = ?")
        .param(deliveryId)
        .query(String.class)
        .optional()
        .orElse(null);
  }

  String status(ConditionMet event, Channel channel, String target) {
    return status(id(event, channel, target));
  }

  void awaitStatus(String deliveryId, String status) {
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(50))
        .until(() -> status.equals(status(deliveryId)));
  }

  void awaitStatus(ConditionMet event, Channel channel, String target, String status) {
    awaitStatus(id(event, channel, target), status);
  }

  /** The delivery's last error, or null when it has none. */
  String lastError(ConditionMet event, Channel channel, String target) {
    List<String> errors =
        jdbc.sql("SELECT last_error FROM deliveries WHERE delivery_id = ?")
            .param(id(event, channel, target))
            .query(String.class)
            .list();
    assertThat(errors).as("the delivery exists").hasSize(1);
    return errors.getFirst();
  }

  /** The statuses of the delivery's attempts, oldest first. */
  List<String> attemptStatuses(ConditionMet event, Channel channel, String target) {
    return jdbc.sql("SELECT status FROM delivery_attempts WHERE delivery_id = ? ORDER BY id")
        .param(id(event, channel, target))
        .query(String.class)
        .list();
  }
}
