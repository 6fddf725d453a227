package io.torale.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.torale.localstack.LocalStackExtension;
import io.torale.schemas.Topics;
import io.torale.schemas.v1.ConditionMet;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.annotation.DirtiesContext;

/** The notifier's Prometheus series count a delivery; consumer lag is exported. */
@ExtendWith(LocalStackExtension.class)
@SpringBootTest(
    properties = {
      "torale.webhooks.default-secret=" + MetricsIT.SECRET,
      "torale.dispatch.poll-interval=100ms",
      "server.port=0"
    })
@DirtiesContext
class MetricsIT {

  static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

  static Receiver receiver;

  @Autowired KafkaTemplate<String, ConditionMet> kafka;
  @Autowired PrometheusMeterRegistry prometheus;

  @BeforeAll
  static void startReceiver() throws Exception {
    receiver = new Receiver(SECRET);
  }

  @AfterAll
  static void stopReceiver() {
    receiver.close();
  }

  @Test
  void deliveriesAreCountedByChannelAndOutcome() throws Exception {
    String webhook = "torale_delivery_attempts_total{channel=\"webhook\",outcome=\"delivered\"";
    double before = sum(prometheus.scrape(), webhook);
    ConditionMet event =
        Events.conditionMet(
            "owner-" + UUID.randomUUID(),
            List.of(),
            List.of(receiver.url("/metrics-" + UUID.randomUUID())));
    kafka
        .send(Topics.CONDITION_MET, event.getTaskId(), event)
        .get(10, java.util.concurrent.TimeUnit.SECONDS);

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> sum(prometheus.scrape(), webhook) >= before + 1);
    String metrics = prometheus.scrape();
    assertThat(metrics)
        .contains(
            "torale_deliveries_backlog{channel=\"webhook\",state=\"due\"}",
            "kafka_consumer_fetch_manager_records_lag_max");
  }

  private static double sum(String metrics, String prefix) {
    return metrics
        .lines()
        .filter(line -> line.startsWith(prefix))
        .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
        .sum();
  }
}
