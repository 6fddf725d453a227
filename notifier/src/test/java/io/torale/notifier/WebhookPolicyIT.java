package io.torale.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.torale.localstack.LocalStackExtension;
import io.torale.notifier.delivery.Channel;
import io.torale.notifier.delivery.DeliveryIds;
import io.torale.schemas.Topics;
import io.torale.schemas.v1.ConditionMet;
import java.net.URI;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.annotation.DirtiesContext;

/**
 * Endpoint policies on the local stack: {@code Retry-After} on 429 and 503 wins over the retry
 * schedule (1 s here), and a run of failed attempts (3 here) disables an endpoint.
 */
@ExtendWith(LocalStackExtension.class)
@SpringBootTest(
    properties = {
      "torale.webhooks.default-secret=" + NotifierIT.SECRET,
      "torale.webhooks.retry-schedule=0s,1s,20s",
      "torale.webhooks.jitter=0",
      "torale.webhooks.disable-after-failures=3",
      "torale.dispatch.poll-interval=100ms",
      "server.port=0"
    })
@DirtiesContext
class WebhookPolicyIT {

  static final Duration WAIT = Duration.ofSeconds(30);

  static Receiver receiver;

  @Autowired KafkaTemplate<String, ConditionMet> kafka;
  @Autowired JdbcClient jdbc;

  @BeforeAll
  static void startReceiver() throws Exception {
    receiver = new Receiver(NotifierIT.SECRET);
  }

  @AfterAll
  static void stopReceiver() {
    receiver.close();
  }

  @Test
  void tooManyRequestsWaitsForRetryAfterSeconds() {
    String url = receiver.url("/429-" + UUID.randomUUID());
    receiver.answer(path(url), n -> n == 1 ? 429 : 204).retryAfter(path(url), () -> "3");
    ConditionMet event = Events.conditionMet("o", List.of(), List.of(url));
    publish(event);

    awaitStatus(event, url, "DELIVERED");
    assertThat(gapBetweenRequests(url)).isGreaterThan(Duration.ofMillis(2_800));
    assertThat(scheduledDelay(event, url))
        .isBetween(Duration.ofMillis(2_900), Duration.ofSeconds(4));
  }

  @Test
  void serviceUnavailableWaitsForRetryAfterDate() {
    String url = receiver.url("/503-" + UUID.randomUUID());
    receiver
        .answer(path(url), n -> n == 1 ? 503 : 204)
        .retryAfter(
            path(url),
            () ->
                DateTimeFormatter.RFC_1123_DATE_TIME.format(
                    ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(4)));
    ConditionMet event = Events.conditionMet("o", List.of(), List.of(url));
    publish(event);

    awaitStatus(event, url, "DELIVERED");
    // The date has whole seconds: between 3 and 4 s from the answer.
    assertThat(gapBetweenRequests(url)).isGreaterThan(Duration.ofMillis(2_800));
  }

  @Test
  void aRunOfFailuresDisablesTheEndpoint() {
    String url = receiver.url("/down-" + UUID.randomUUID());
    receiver.answer(path(url), n -> 500);
    List<ConditionMet> events =
        List.of(
            Events.conditionMet("o", List.of(), List.of(url)),
            Events.conditionMet("o", List.of(), List.of(url)),
            Events.conditionMet("o", List.of(), List.of(url)));
    events.forEach(this::publish);

    // Each first attempt fails (3 in a row); the retries find the endpoint disabled.
    events.forEach(e -> awaitStatus(e, url, "FAILED"));
    assertThat(receiver.on(path(url))).hasSize(3);
    assertThat(
            jdbc.sql("SELECT disabled_reason FROM webhook_endpoints WHERE url = ?")
                .param(url)
                .query(String.class)
                .single())
        .isEqualTo("3 consecutive failed attempts");
    assertThat(events.stream().map(e -> lastError(e, url)).toList())
        .containsOnly("endpoint disabled");
    assertThat(
            jdbc.sql(
                    """
                    SELECT count(*) FROM delivery_attempts a JOIN deliveries d USING (delivery_id)
                    WHERE d.target = ? AND a.status = 'ENDPOINT_DISABLED'
                    """)
                .param(url)
                .query(Long.class)
                .single())
        .isEqualTo(1);
  }

  @Test
  void aSuccessEndsTheRunOfFailures() {
    String url = receiver.url("/recovers-" + UUID.randomUUID());
    receiver.answer(path(url), n -> n <= 2 ? 500 : 204);
    List<ConditionMet> events =
        List.of(
            Events.conditionMet("o", List.of(), List.of(url)),
            Events.conditionMet("o", List.of(), List.of(url)));
    events.forEach(this::publish);

    events.forEach(e -> awaitStatus(e, url, "DELIVERED"));
    assertThat(
            jdbc.sql(
                    "SELECT consecutive_failures, disabled_at IS NULL FROM webhook_endpoints"
                        + " WHERE url = ?")
                .param(url)
                .query((row, n) -> List.of(row.getInt(1), row.getBoolean(2)))
                .single())
        .containsExactly(0, true);
  }

  private Duration gapBetweenRequests(String url) {
    var requests = receiver.on(path(url));
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

  private void publish(ConditionMet event) {
    try {
      kafka.send(Topics.CONDITION_MET, event.getTaskId(), event).get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private void awaitStatus(ConditionMet event, String url, String status) {
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(50))
        .until(
            () ->
                status.equals(
                    jdbc.sql("SELECT status FROM deliveries WHERE delivery_id = ?")
                        .param(DeliveryIds.of(event.getEventId(), Channel.WEBHOOK, url))
                        .query(String.class)
                        .optional()
                        .orElse(null)));
  }

  private String lastError(ConditionMet event, String url) {
    return jdbc.sql("SELECT last_error FROM deliveries WHERE delivery_id = ?")
        .param(DeliveryIds.of(event.getEventId(), Channel.WEBHOOK, url))
        .query(String.class)
        .single();
  }

  private static String path(String url) {
    return URI.create(url).getPath();
  }
}
