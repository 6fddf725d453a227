package io.torale.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;

import io.torale.localstack.LocalStackExtension;
import io.torale.notifier.delivery.Channel;
import io.torale.notifier.delivery.DeliveryEvents;
import io.torale.notifier.delivery.DeliveryIds;
import io.torale.schemas.Topics;
import io.torale.schemas.v1.ConditionMet;
import io.torale.schemas.v1.DeliveryStatus;
import io.torale.schemas.v1.NotificationDelivery;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;

/**
 * Attempt records are stored first and published from the outbox: while Kafka refuses them they
 * wait, unpublished, and they go out once it accepts them again.
 */
@ExtendWith(LocalStackExtension.class)
@SpringBootTest(
    properties = {
      "torale.webhooks.default-secret=" + NotifierIT.SECRET,
      "torale.dispatch.poll-interval=100ms",
      "server.port=0"
    })
@DirtiesContext
class DeliveryRecordsIT {

  static Receiver receiver;
  static volatile boolean kafkaDown;

  @MockitoSpyBean DeliveryEvents events;
  @Autowired KafkaTemplate<String, ConditionMet> kafka;
  @Autowired JdbcClient jdbc;
  @Autowired ConsumerFactory<String, NotificationDelivery> consumers;

  @BeforeAll
  static void startReceiver() throws Exception {
    receiver = new Receiver(NotifierIT.SECRET);
  }

  @AfterAll
  static void stopReceiver() {
    receiver.close();
  }

  @Test
  void recordsWaitForKafkaAndAreNotLost() throws Exception {
    doAnswer(
            call ->
                kafkaDown
                    ? CompletableFuture.failedFuture(new TimeoutException("broker down (test)"))
                    : call.callRealMethod())
        .when(events)
        .send(any());
    String url = receiver.url("/outbox-" + UUID.randomUUID());
    ConditionMet event = Events.conditionMet("o", List.of(), List.of(url));
    String id = DeliveryIds.of(event.getEventId(), Channel.WEBHOOK, url);

    kafkaDown = true;
    kafka.send(Topics.CONDITION_MET, event.getTaskId(), event).get(10, TimeUnit.SECONDS);
    await().atMost(Duration.ofSeconds(30)).until(() -> "DELIVERED".equals(status(id)));
    TimeUnit.SECONDS.sleep(1); // several relay rounds fail meanwhile
    assertThat(published(id)).containsExactly(false);

    kafkaDown = false;
    await().atMost(Duration.ofSeconds(30)).until(() -> published(id).equals(List.of(true)));
    NotificationDelivery record = consume(id);
    assertThat(record.getStatus()).isEqualTo(DeliveryStatus.DELIVERED);
    assertThat(record.getAttempt()).isEqualTo(1);
    assertThat(record.getTarget()).doesNotContain("outbox-");
  }

  private String status(String id) {
    return jdbc.sql("SELECT status FROM deliveries WHERE delivery_id = ?")
        .param(id)
        .query(String.class)
        .optional()
        .orElse(null);
  }

  private List<Boolean> published(String id) {
    return jdbc.sql("SELECT published FROM delivery_attempts WHERE delivery_id = ? ORDER BY id")
        .param(id)
        .query(Boolean.class)
        .list();
  }

  private NotificationDelivery consume(String deliveryId) {
    try (var consumer = consumers.createConsumer("records-it-" + UUID.randomUUID(), "it")) {
      var partitions =
          consumer.partitionsFor(Topics.NOTIFICATION_DELIVERIES).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      List<NotificationDelivery> found = new ArrayList<>();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                consumer
                    .poll(Duration.ofMillis(200))
                    .forEach(
                        r -> {
                          if (r.value() != null && r.value().getDeliveryId().equals(deliveryId)) {
                            found.add(r.value());
                          }
                        });
                return !found.isEmpty();
              });
      return found.getFirst();
    }
  }
}
