package io.torale.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;

import io.torale.localstack.LocalStack;
import io.torale.notifier.delivery.Channel;
import io.torale.notifier.delivery.DeliveryEvents;
import io.torale.notifier.delivery.DeliveryIds;
import io.torale.schemas.Topics;
import io.torale.schemas.v1.ConditionMet;
import io.torale.schemas.v1.DeliveryStatus;
import io.torale.schemas.v1.NotificationDelivery;
import io.torale.testsupport.kafka.TopicReader;
import io.torale.testsupport.webhook.WebhookReceiver;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;

/**
 * Attempt records are stored first, each with an outbox marker, and published: while Kafka refuses
 * them (the direct send and the relay's) the markers stay, and the records go out once it accepts
 * them again.
 */
@NotifierIntegrationTest
class DeliveryRecordsIT {

  @RegisterExtension
  static final WebhookReceiver receiver = new WebhookReceiver(NotifierIntegrationTest.SECRET);

  static volatile boolean kafkaDown;

  @MockitoSpyBean DeliveryEvents events;
  @Autowired Deliveries deliveries;
  @Autowired JdbcClient jdbc;

  @Test
  void recordsWaitForKafkaAndAreNotLost(LocalStack stack) throws Exception {
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
    deliveries.publish(event);
    deliveries.awaitStatus(id, "DELIVERED");
    TimeUnit.SECONDS.sleep(1); // several relay rounds fail meanwhile
    assertThat(unpublished(id)).isEqualTo(1);

    kafkaDown = false;
    await().atMost(Duration.ofSeconds(30)).until(() -> unpublished(id) == 0);
    try (var records =
        TopicReader.avro(
            stack.kafkaBootstrapServers(), stack.registryUrl(), Topics.NOTIFICATION_DELIVERIES)) {
      NotificationDelivery record =
          records.await(
              NotificationDelivery.class, r -> r.getDeliveryId().equals(id), Deliveries.WAIT);
      assertThat(record.getStatus()).isEqualTo(DeliveryStatus.DELIVERED);
      assertThat(record.getAttempt()).isEqualTo(1);
      assertThat(record.getTarget()).doesNotContain("outbox-");
    }
  }

  /** The delivery's attempt rows still marked in the outbox (not acknowledged by Kafka). */
  private long unpublished(String id) {
    return jdbc.sql(
            """
            SELECT count(*) FROM delivery_outbox o JOIN delivery_attempts a ON a.id = o.attempt_id
            WHERE a.delivery_id = ?
            """)
        .param(id)
        .query(Long.class)
        .single();
  }
}
