package io.torale.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import io.torale.notifier.delivery.Channel;
import io.torale.notifier.delivery.DeliveryIds;
import io.torale.schemas.v1.ConditionMet;
import io.torale.testsupport.webhook.WebhookReceiver;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/**
 * Endpoint policies on the local stack: {@code Retry-After} on 429 and 503 wins over the retry
 * schedule (1 s here), and a run of failed attempts (3 here) disables an endpoint.
 */
@NotifierIntegrationTest
@TestPropertySource(
    properties = {
      "torale.webhooks.retry-schedule=0s,1s,20s",
      "torale.webhooks.jitter=0",
      "torale.webhooks.disable-after-failures=3"
    })
class WebhookPolicyIT {

  @RegisterExtension
  static final WebhookReceiver receiver = new WebhookReceiver(NotifierIntegrationTest.SECRET);

  @Autowired Deliveries deliveries;
  @Autowired JdbcClient jdbc;

  @Test
  void tooManyRequestsWaitsForRetryAfterSeconds() {
    String url = receiver.url("/429-" + UUID.randomUUID());
    receiver.answer(url, n -> n == 1 ? 429 : 204).retryAfter(url, () -> "3");
    ConditionMet event = deliveries.publishToWebhook(url);

    deliveries.awaitStatus(event, Channel.WEBHOOK, url, "DELIVERED");
    assertThat(gapBetweenRequests(url)).isGreaterThan(Duration.ofMillis(2_800));
    assertThat(scheduledDelay(event, url))
        .isBetween(Duration.ofMillis(2_900), Duration.ofSeconds(4));
  }

  @Test
  void serviceUnavailableWaitsForRetryAfterDate() {
    String url = receiver.url("/503-" + UUID.randomUUID());
    receiver
        .answer(url, n -> n == 1 ? 503 : 204)
        .retryAfter(
            url,
            () ->
                DateTimeFormatter.RFC_1123_DATE_TIME.format(
                    ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(4)));
    ConditionMet event = deliveries.publishToWebhook(url);

    deliveries.awaitStatus(event, Channel.WEBHOOK, url, "DELIVERED");
    // The date has whole seconds: between 3 and 4 s from the answer.
    assertThat(gapBetweenRequests(url)).isGreaterThan(Duration.ofMillis(2_800));
  }

  @Test
  void aRunOfFailuresDisablesTheEndpoint() {
    String url = receiver.url("/down-" + UUID.randomUUID());
    receiver.answer(url, n -> 500);
    List<ConditionMet> events =
        List.of(
            Events.conditionMet("o", List.of(), List.of(url)),
            Events.conditionMet("o", List.of(), List.of(url)),
            Events.conditionMet("o", List.of(), List.of(url)));
    events.forEach(deliveries::publish);

    // Each first attempt fails (3 in a row); the retries find the endpoint disabled and are not
    // attempted: they end as ENDPOINT_DISABLED, not as failures.
    events.forEach(e -> deliveries.awaitStatus(e, Channel.WEBHOOK, url, "ENDPOINT_DISABLED"));
    assertThat(receiver.on(url)).hasSize(3);
    assertThat(
            jdbc.sql("SELECT disabled_reason FROM webhook_endpoints WHERE owner = 'o' AND url = ?")
                .param(url)
                .query(String.class)
                .single())
        .isEqualTo("3 consecutive failed attempts");
    assertThat(events)
        .allSatisfy(
            e ->
                assertThat(deliveries.attemptStatuses(e, Channel.WEBHOOK, url))
                    .startsWith("RETRY_SCHEDULED")
                    .endsWith("ENDPOINT_DISABLED"));
    // One record says that (and why) the endpoint was disabled.
    assertThat(
            jdbc.sql(
                    """
                    SELECT count(*) FROM delivery_attempts a JOIN deliveries d USING (delivery_id)
                    WHERE d.target = ? AND a.status = 'ENDPOINT_DISABLED'
                      AND a.error = 'endpoint disabled: 3 consecutive failed attempts'
                    """)
                .param(url)
                .query(Long.class)
                .single())
        .isEqualTo(1);
  }

  @Test
  void aSuccessEndsTheRunOfFailures() {
    String url = receiver.url("/recovers-" + UUID.randomUUID());
    receiver.answer(url, n -> n <= 2 ? 500 : 204);
    List<ConditionMet> events =
        List.of(
            Events.conditionMet("o", List.of(), List.of(url)),
            Events.conditionMet("o", List.of(), List.of(url)));
    events.forEach(deliveries::publish);

    events.forEach(e -> deliveries.awaitStatus(e, Channel.WEBHOOK, url, "DELIVERED"));
    assertThat(
            jdbc.sql(
                    "SELECT consecutive_failures, disabled_at IS NULL FROM webhook_endpoints"
                        + " WHERE owner = 'o' AND url = ?")
                .param(url)
                .query((row, n) -> List.of(row.getInt(1), row.getBoolean(2)))
                .single())
        .containsExactly(0, true);
  }

  @Test
  void oneOwnersFailuresNeverDisableAnotherOwnersEndpoint() {
    // The attacker registers the victim's URL with a wrong secret; the receiver rejects its
    // deliveries (here: the first three requests fail) until the attacker's endpoint is disabled.
    String url = receiver.url("/shared-" + UUID.randomUUID());
    String attacker = "attacker-" + UUID.randomUUID();
    String victim = "victim-" + UUID.randomUUID();
    receiver.answer(url, n -> n <= 3 ? 500 : 204);
    List<ConditionMet> attacks =
        List.of(
            Events.conditionMet(attacker, List.of(), List.of(url)),
            Events.conditionMet(attacker, List.of(), List.of(url)),
            Events.conditionMet(attacker, List.of(), List.of(url)));
    attacks.forEach(deliveries::publish);
    attacks.forEach(e -> deliveries.awaitStatus(e, Channel.WEBHOOK, url, "ENDPOINT_DISABLED"));
    assertThat(disabledReason(attacker, url)).isEqualTo("3 consecutive failed attempts");

    ConditionMet victims = Events.conditionMet(victim, List.of(), List.of(url));
    deliveries.publish(victims);

    deliveries.awaitStatus(victims, Channel.WEBHOOK, url, "DELIVERED");
    assertThat(receiver.on(url)).hasSize(4);
    assertThat(
            jdbc.sql("SELECT count(*) FROM webhook_endpoints WHERE owner = ? AND url = ?")
                .param(victim)
                .param(url)
                .query(Long.class)
                .single())
        .isZero();
  }

  private String disabledReason(String owner, String url) {
    return jdbc.sql("SELECT disabled_reason FROM webhook_endpoints WHERE owner = ? AND url = ?")
        .param(owner)
        .param(url)
        .query(String.class)
        .single();
  }

  private Duration gapBetweenRequests(String url) {
    var requests = receiver.on(url);
    assertThat(requests).hasSize(2);
    return Duration.ofNanos(requests.get(1).nanos() - requests.get(0).nanos());
  }

  private Duration scheduledDelay(ConditionMet event, String url) {
    return jdbc.sql(
            """
            SELECT CAST(EXTRACT(EPOCH FROM next_attempt_at - attempted_at) * 1000 AS BIGINT)
            FROM delivery_attempts WHERE delivery_id = ? AND status = 'RETRY_SCHEDULED'
            """)
        .param(DeliveryIds.of(event.getEventId(), Channel.WEBHOOK, url))
        .query((row, n) -> Duration.ofMillis(row.getLong(1)))
        .single();
  }
}
