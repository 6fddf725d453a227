package io.torale.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import io.torale.localstack.LocalStackExtension;
import io.torale.notifier.delivery.Channel;
import io.torale.notifier.delivery.DeliveryIds;
import io.torale.schemas.v1.ConditionMet;
import io.torale.testsupport.webhook.WebhookReceiver;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;

/** A notifier stopped in the middle of a retry schedule: the next one finishes it, once. */
@ExtendWith({LocalStackExtension.class, TaskApiStandIn.class})
class RestartIT {

  private static ConfigurableApplicationContext start() {
    return new SpringApplicationBuilder(NotifierApplication.class)
        .properties(
            "torale.webhooks.default-secret=" + NotifierIntegrationTest.SECRET,
            "torale.webhooks.retry-schedule=0s,4s,4s",
            "torale.webhooks.jitter=0",
            "torale.dispatch.poll-interval=100ms",
            "server.port=0")
        // Default properties lose to application.yml's 8083, which may be taken on a shared
        // machine; a command-line argument wins.
        .run("--server.port=0");
  }

  @Test
  void restartInTheMiddleOfARetryScheduleDeliversOnce() throws Exception {
    try (WebhookReceiver receiver = new WebhookReceiver(NotifierIntegrationTest.SECRET)) {
      String url = receiver.url("/restart-" + UUID.randomUUID());
      receiver.answer(url, n -> n == 1 ? 500 : 200);
      ConditionMet event = Events.conditionMet("o", List.of(), List.of(url));
      String id = DeliveryIds.of(event.getEventId(), Channel.WEBHOOK, url);

      ConfigurableApplicationContext first = start();
      Deliveries before = deliveries(first);
      before.publish(event);
      before.awaitStatus(id, "RETRY_SCHEDULED");
      first.close();

      try (ConfigurableApplicationContext second = start()) {
        deliveries(second).awaitStatus(id, "DELIVERED");
        TimeUnit.SECONDS.sleep(1);
        assertThat(receiver.received()).hasSize(2).allMatch(r -> r.webhookId().equals(id));
        assertThat(
                second
                    .getBean(JdbcClient.class)
                    .sql("SELECT attempts FROM deliveries WHERE delivery_id = ?")
                    .param(id)
                    .query(Integer.class)
                    .single())
            .isEqualTo(2);
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static Deliveries deliveries(ConfigurableApplicationContext context) {
    return new Deliveries(
        context.getBean(JdbcClient.class),
        (KafkaTemplate<String, ConditionMet>) context.getBean(KafkaTemplate.class));
  }
}
