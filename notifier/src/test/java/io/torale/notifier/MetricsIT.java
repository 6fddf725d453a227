package io.torale.notifier;

import static io.torale.testsupport.metrics.PrometheusText.sum;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.torale.schemas.v1.ConditionMet;
import io.torale.testsupport.webhook.WebhookReceiver;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;

/** The notifier's Prometheus series count a delivery; consumer lag is exported. */
@NotifierIntegrationTest
class MetricsIT {

  @RegisterExtension
  static final WebhookReceiver receiver = new WebhookReceiver(NotifierIntegrationTest.SECRET);

  @Autowired Deliveries deliveries;
  @Autowired PrometheusMeterRegistry prometheus;

  @Test
  void deliveriesAreCountedByChannelAndOutcome() throws Exception {
    String webhook = "torale_delivery_attempts_total{channel=\"webhook\",outcome=\"delivered\"";
    double before = sum(prometheus.scrape(), webhook);
    ConditionMet event =
        Events.conditionMet(
            "owner-" + UUID.randomUUID(),
            List.of(),
            List.of(receiver.url("/metrics-" + UUID.randomUUID())));
    deliveries.publish(event);

    await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> sum(prometheus.scrape(), webhook) >= before + 1);
    String metrics = prometheus.scrape();
    assertThat(metrics)
        .contains(
            "torale_deliveries_backlog{channel=\"webhook\",state=\"due\"}",
            "kafka_consumer_fetch_manager_records_lag_max");
  }
}
