package io.torale.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.torale.localstack.LocalStackExtension;
import io.torale.notifier.delivery.Channel;
import io.torale.notifier.delivery.DeliveryIds;
import io.torale.schemas.Topics;
import io.torale.schemas.v1.ConditionMet;
import java.time.Duration;
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
@ExtendWith(LocalStackExtension.class)
class RestartIT {

  private static ConfigurableApplicationContext start() {
    return new SpringApplicationBuilder(NotifierApplication.class)
        .properties(
            "torale.webhooks.default-secret=" + NotifierIT.SECRET,
            "torale.webhooks.retry-schedule=0s,4s,4s",
            "torale.webhooks.jitter=0",
            "torale.dispatch.poll-interval=100ms",
            "server.port=0")
        // Default properties lose to application.yml's 8083, which may be taken on a shared
        // machine; a command-line argument wins.
        .run("--server.port=0");
  }

  @Test
  @SuppressWarnings("unchecked")
  void restartInTheMiddleOfARetryScheduleDeliversOnce() throws Exception {
    try (Receiver receiver = new Receiver(NotifierIT.SECRET)) {
      String url = receiver.url("/restart-" + UUID.randomUUID());
      receiver.answer(java.net.URI.create(url).getPath(), n -> n == 1 ? 500 : 200);
      ConditionMet event = Events.conditionMet("o", List.of(), List.of(url));
      String id = DeliveryIds.of(event.getEventId(), Channel.WEBHOOK, url);

      ConfigurableApplicationContext first = start();
      JdbcClient jdbc = first.getBean(JdbcClient.class);
      first
          .getBean(KafkaTemplate.class)
          .send(Topics.CONDITION_MET, event.getTaskId(), event)
          .get(10, TimeUnit.SECONDS);
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> "RETRY_SCHEDULED".equals(status(jdbc, id)));
      first.close();

      try (ConfigurableApplicationContext second = start()) {
        JdbcClient jdbc2 = second.getBean(JdbcClient.class);
        await().atMost(Duration.ofSeconds(30)).until(() -> "DELIVERED".equals(status(jdbc2, id)));
        TimeUnit.SECONDS.sleep(1);
        assertThat(receiver.requests).hasSize(2).allMatch(r -> r.id().equals(id));
        assertThat(
                jdbc2
                    .sql("SELECT attempts FROM deliveries WHERE delivery_id = ?")
                    .param(id)
                    .query(Integer.class)
                    .single())
            .isEqualTo(2);
      }
    }
  }

  private static String status(JdbcClient jdbc, String id) {
    return jdbc.sql("SELECT status FROM deliveries WHERE delivery_id = ?")
        .param(id)
        .query(String.class)
        .optional()
        .orElse(null);
  }
}
