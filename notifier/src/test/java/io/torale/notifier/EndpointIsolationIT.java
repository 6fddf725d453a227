package io.torale.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.torale.notifier.delivery.Channel;
import io.torale.schemas.v1.ConditionMet;
import io.torale.testsupport.webhook.WebhookReceiver;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

/**
 * A hanging endpoint with a backlog larger than every slot of the instance (4 here) does not hold
 * up another endpoint: its claimed deliveries wait for its 2 turns without holding slots, and
 * claims skip it. Before lanes, those waiters held all 4 slots for a second each and the healthy
 * delivery waited behind them.
 */
@NotifierIntegrationTest
@TestPropertySource(
    properties = {
      "torale.dispatch.max-in-flight=4",
      "torale.webhooks.per-endpoint-concurrency=2",
      "torale.webhooks.timeout=3s",
      "torale.webhooks.retry-schedule=0s,1h",
      "torale.webhooks.disable-after-failures=1000"
    })
class EndpointIsolationIT {

  @RegisterExtension
  static final WebhookReceiver receiver = new WebhookReceiver(NotifierIntegrationTest.SECRET);

  @Autowired Deliveries deliveries;

  @Test
  void aHangingEndpointsBacklogDoesNotHoldUpAnotherEndpoint() {
    String hanging = receiver.url("/hang-" + UUID.randomUUID());
    // Past the 3 s timeout, short enough that the receiver can shut down after the class.
    receiver.delay(hanging, 4_000);
    List<ConditionMet> backlog = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      backlog.add(deliveries.publishToWebhook(hanging));
    }
    // Both of the hanging endpoint's turns are taken.
    await().atMost(Deliveries.WAIT).until(() -> receiver.on(hanging).size() == 2);

    // A second endpoint on another host:port (127.0.0.1 rather than localhost).
    String healthy = receiver.url("/fine-" + UUID.randomUUID()).replace("localhost", "127.0.0.1");
    long start = System.nanoTime();
    ConditionMet event = deliveries.publishToWebhook(healthy);
    deliveries.awaitStatus(event, Channel.WEBHOOK, healthy, "DELIVERED");

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    // Meanwhile the hanging endpoint had at most its two turns at a time, and most of its backlog
    // still waits.
    assertThat(receiver.on(hanging)).hasSizeLessThanOrEqualTo(4);
    assertThat(backlog)
        .filteredOn(e -> "PENDING".equals(deliveries.status(e, Channel.WEBHOOK, hanging)))
        .hasSizeGreaterThanOrEqualTo(14);
    // Let the rest go through quickly, so nothing is left hanging when the receiver stops.
    receiver.delay(hanging, 0);
  }
}
