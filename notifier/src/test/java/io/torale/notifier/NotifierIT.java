package io.torale.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Span.Kind;
import io.micrometer.tracing.Tracer;
import io.torale.localstack.LocalStack;
import io.torale.notifier.delivery.Channel;
import io.torale.notifier.delivery.DeliveryIds;
import io.torale.platform.tracing.TraceContexts;
import io.torale.schemas.Topics;
import io.torale.schemas.v1.ConditionMet;
import io.torale.schemas.v1.DeliveryStatus;
import io.torale.schemas.v1.NotificationDelivery;
import io.torale.testsupport.kafka.TopicReader;
import io.torale.testsupport.webhook.Received;
import io.torale.testsupport.webhook.WebhookReceiver;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

/** The notifier against real Kafka, registry, PostgreSQL and the SMTP catcher. */
@NotifierIntegrationTest
@TestPropertySource(
    properties = {
      "torale.webhooks.retry-schedule=0s,1s,1s",
      "torale.webhooks.jitter=0",
      "torale.webhooks.timeout=1s",
      "torale.webhooks.allowed-hosts=localhost,127.0.0.1",
      "torale.email.retry-schedule=0s,1s",
      "torale.email.per-recipient-hourly=2",
      "torale.email.per-owner-daily=3"
    })
class NotifierIT {

  static final Duration WAIT = Deliveries.WAIT;

  @RegisterExtension
  static final WebhookReceiver receiver = new WebhookReceiver(NotifierIntegrationTest.SECRET);

  @Autowired Deliveries deliveries;
  @Autowired JdbcClient jdbc;
  @Autowired TraceContexts traces;
  @Autowired io.torale.schemas.secrets.StorageKeys storageKeys;

  @Test
  void resolvesAnEndpointReferenceAndSignsWithTheTasksEncryptedSecret() {
    String ownSecret = "whsec_" + java.util.Base64.getEncoder().encodeToString(new byte[24]);
    try (WebhookReceiver own = new WebhookReceiver(ownSecret)) {
      String url = own.url("/own-" + UUID.randomUUID() + "?token=t0k3n");
      ConditionMet event = Events.withEndpointRefs("owner-" + UUID.randomUUID(), List.of(url));
      // As command-consumer serves it: encrypted under the storage key, bound to the task.
      String stored = storageKeys.encrypt(ownSecret, event.getTaskId());
      TaskApiStandIn.webhooks(
          UUID.fromString(event.getTaskId()),
          List.of(new io.torale.platform.task.WebhookTarget(url, stored)));
      String endpointId = event.getTargets().getWebhooks().getFirst().getEndpointId();
      assertThat(event.toString()).doesNotContain("t0k3n").doesNotContain("/own-");

      deliveries.publish(event);

      deliveries.awaitStatus(event, Channel.WEBHOOK, endpointId, "DELIVERED");
      assertThat(
              jdbc.sql("SELECT CAST(d AS TEXT) FROM deliveries d WHERE task_id = ?")
                  .param(event.getTaskId())
                  .query(String.class)
                  .list())
          .as("the notifier stores the endpoint id, not the URL")
          .isNotEmpty()
          .allSatisfy(row -> assertThat(row).doesNotContain("t0k3n").contains(endpointId));
      assertThat(own.on(url))
          .singleElement()
          .satisfies(r -> assertThat(r.signatureValid()).isTrue());
    }
  }

  @Test
  void deliversToEmailAndWebhook(LocalStack stack) throws Exception {
    String email = "ann-" + UUID.randomUUID() + "@example.com";
    String url = receiver.url("/ok-" + UUID.randomUUID());
    ConditionMet event =
        Events.conditionMet("owner-" + UUID.randomUUID(), List.of(email), List.of(url));
    deliveries.publish(event);

    deliveries.awaitStatus(event, Channel.WEBHOOK, url, "DELIVERED");
    deliveries.awaitStatus(event, Channel.EMAIL, email, "DELIVERED");
    var requests = receiver.on(url);
    assertThat(requests).hasSize(1);
    assertThat(requests.getFirst().signatureValid()).isTrue();
    assertThat(requests.getFirst().webhookId())
        .isEqualTo(DeliveryIds.of(event.getEventId(), Channel.WEBHOOK, url));
    assertThat(requests.getFirst().body())
        .contains("\"type\":\"task.condition_met\"", "\"context\":{\"team\":\"mobile\"}");

    MimeMessage mail = mailTo(stack, email);
    assertThat(mail.getSubject()).isEqualTo("Torale: Next iPhone release date");
    assertThat(mail.getContentType()).startsWith("multipart/mixed");
    assertThat(deliveries.attemptStatuses(event, Channel.EMAIL, email))
        .containsExactly("DELIVERED");
    try (var records =
        TopicReader.avro(
            stack.kafkaBootstrapServers(), stack.registryUrl(), Topics.NOTIFICATION_DELIVERIES)) {
      String deliveryId = DeliveryIds.of(event.getEventId(), Channel.EMAIL, email);
      NotificationDelivery record =
          records.await(
              NotificationDelivery.class, r -> r.getDeliveryId().equals(deliveryId), WAIT);
      assertThat(record.getTaskId()).isEqualTo(event.getTaskId());
      assertThat(record.getStatus()).isEqualTo(DeliveryStatus.DELIVERED);
      assertThat(record.getAttempt()).isEqualTo(1);
      assertThat(record.getTarget()).startsWith("a***@example.com");
    }
  }

  @Test
  void everyWebhookAttemptCarriesTheEventsTrace() {
    String url = receiver.url("/traced-" + UUID.randomUUID());
    receiver.answer(url, n -> n == 1 ? 500 : 204);
    ConditionMet event = Events.conditionMet("o", List.of(), List.of(url));
    String traceId = "5b8efff798038103d269b633813fc60c";
    Span worker = traces.startChild("00-" + traceId + "-eee19b7ec3c1b174-01", "it", Kind.PRODUCER);

    // As the worker's publish activity sends it: inside the run's trace.
    try (Tracer.SpanInScope scope = traces.inScope(worker)) {
      deliveries.publish(event);
    } finally {
      worker.end();
    }

    deliveries.awaitStatus(event, Channel.WEBHOOK, url, "DELIVERED");
    var requests = receiver.on(url);
    assertThat(requests).hasSize(2);
    assertThat(requests)
        .extracting(Received::traceparent)
        .allMatch(h -> h.startsWith("00-" + traceId + "-"))
        .doesNotHaveDuplicates();
  }

  @Test
  void retriesAfterServerErrorWithTheSameId() {
    String url = receiver.url("/flaky-" + UUID.randomUUID());
    receiver.answer(url, n -> n == 1 ? 500 : 204);
    ConditionMet event = deliveries.publishToWebhook(url);

    deliveries.awaitStatus(event, Channel.WEBHOOK, url, "DELIVERED");
    var requests = receiver.on(url);
    assertThat(requests).hasSize(2).allMatch(Received::signatureValid);
    assertThat(requests.get(0).webhookId()).isEqualTo(requests.get(1).webhookId());
    assertThat(deliveries.attemptStatuses(event, Channel.WEBHOOK, url))
        .containsExactly("RETRY_SCHEDULED", "DELIVERED");
  }

  @Test
  void goneDisablesTheEndpoint() {
    String url = receiver.url("/gone-" + UUID.randomUUID());
    receiver.answer(url, n -> 410);
    ConditionMet event = deliveries.publishToWebhook(url);

    deliveries.awaitStatus(event, Channel.WEBHOOK, url, "FAILED");
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(deliveries.attemptStatuses(event, Channel.WEBHOOK, url))
                    .containsExactly("FAILED", "ENDPOINT_DISABLED"));
    assertThat(receiver.on(url)).hasSize(1);

    // A later event to the same endpoint is not sent at all, and says why.
    ConditionMet later = deliveries.publishToWebhook(url);
    deliveries.awaitStatus(later, Channel.WEBHOOK, url, "ENDPOINT_DISABLED");
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(deliveries.attemptStatuses(later, Channel.WEBHOOK, url))
                    .containsExactly("ENDPOINT_DISABLED"));
    assertThat(deliveries.lastError(later, Channel.WEBHOOK, url)).isNull();
    assertThat(receiver.on(url)).hasSize(1);
  }

  @Test
  void timeoutIsRetriedThenFails() {
    String url = receiver.url("/slow-" + UUID.randomUUID());
    receiver.delay(url, 3_000);
    ConditionMet event = deliveries.publishToWebhook(url);

    deliveries.awaitStatus(event, Channel.WEBHOOK, url, "FAILED");
    assertThat(deliveries.lastError(event, Channel.WEBHOOK, url)).isEqualTo("timed out");
    assertThat(deliveries.attemptStatuses(event, Channel.WEBHOOK, url))
        .containsExactly("RETRY_SCHEDULED", "RETRY_SCHEDULED", "FAILED");
  }

  @Test
  void redirectsAreNotFollowed() {
    String url = receiver.url("/moved-" + UUID.randomUUID());
    receiver.answer(url, n -> 302);
    ConditionMet event = deliveries.publishToWebhook(url);

    deliveries.awaitStatus(event, Channel.WEBHOOK, url, "FAILED");
    assertThat(deliveries.lastError(event, Channel.WEBHOOK, url))
        .isEqualTo("redirect not followed");
    assertThat(receiver.on("/redirected")).isEmpty();
  }

  @Test
  void refusesLoopbackAddressThatIsNotAllowListed() {
    // 127.0.0.2 is loopback but not allow-listed: refused before any connection is made.
    String url = "http://127.0.0.2:" + receiver.port() + "/ssrf-" + UUID.randomUUID();
    ConditionMet event = deliveries.publishToWebhook(url);

    deliveries.awaitStatus(event, Channel.WEBHOOK, url, "REFUSED");
    assertThat(deliveries.lastError(event, Channel.WEBHOOK, url)).contains("loopback");
    assertThat(receiver.on(url)).isEmpty();
  }

  @Test
  void duplicateEventIsDeliveredOnce() throws Exception {
    String url = receiver.url("/dup-" + UUID.randomUUID());
    ConditionMet event = Events.conditionMet("o", List.of(), List.of(url, url + " "));
    deliveries.publish(event);
    deliveries.publish(event);

    deliveries.awaitStatus(event, Channel.WEBHOOK, url, "DELIVERED");
    deliveries.publish(event);
    TimeUnit.SECONDS.sleep(2);
    assertThat(receiver.on(url)).hasSize(1);
    assertThat(
            jdbc.sql("SELECT count(*) FROM deliveries WHERE event_id = ?")
                .param(event.getEventId())
                .query(Long.class)
                .single())
        .isEqualTo(1);
  }

  @Test
  void emailsOverTheRecipientLimitAreSuppressed() {
    String email = "bob-" + UUID.randomUUID() + "@example.com";
    String owner = "owner-" + UUID.randomUUID();
    List<ConditionMet> events =
        List.of(
            Events.conditionMet(owner, List.of(email), List.of()),
            Events.conditionMet(owner, List.of(email), List.of()),
            Events.conditionMet(owner, List.of(email), List.of()));
    events.forEach(deliveries::publish);

    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(
                        events.stream()
                            .map(e -> deliveries.status(e, Channel.EMAIL, email))
                            .toList())
                    .containsExactlyInAnyOrder("DELIVERED", "DELIVERED", "SUPPRESSED"));
  }

  @Test
  void emailsOverTheOwnersDailyCapAreSuppressed() {
    String owner = "owner-" + UUID.randomUUID();
    List<String> emails =
        List.of("a@example.org", "b@example.org", "c@example.org", "d@example.org").stream()
            .map(e -> UUID.randomUUID() + e)
            .toList();
    ConditionMet event = Events.conditionMet(owner, emails, List.of());
    deliveries.publish(event);

    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(
                        emails.stream()
                            .map(e -> deliveries.status(event, Channel.EMAIL, e))
                            .toList())
                    .containsExactlyInAnyOrder(
                        "DELIVERED", "DELIVERED", "DELIVERED", "SUPPRESSED"));
  }

  @Test
  void hangingEndpointDoesNotDelayAHealthyOne() {
    String hanging = receiver.url("/hang-" + UUID.randomUUID());
    String healthy = receiver.url("/fine-" + UUID.randomUUID());
    receiver.delay(hanging, 3_000);
    ConditionMet first = deliveries.publishToWebhook(hanging);
    await().atMost(WAIT).until(() -> !receiver.on(hanging).isEmpty());

    long start = System.nanoTime();
    ConditionMet second = deliveries.publishToWebhook(healthy);
    deliveries.awaitStatus(second, Channel.WEBHOOK, healthy, "DELIVERED");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(900));
  }

  @Test
  void unreadableRecordGoesToTheDeadLetterTopicAndThePartitionGoesOn(LocalStack stack) {
    String before = receiver.url("/before-poison-" + UUID.randomUUID());
    String after = receiver.url("/after-poison-" + UUID.randomUUID());
    ConditionMet first = Events.conditionMet("o", List.of(), List.of(before));
    // Same key, so the same partition: first, the unreadable record, then a readable one.
    ConditionMet second = Events.conditionMet("o", List.of(), List.of(after));
    second.setTaskId(first.getTaskId());
    byte[] poison = ("not avro " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
    Map<String, Object> config =
        Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
            stack.kafkaBootstrapServers(),
            ProducerConfig.LINGER_MS_CONFIG,
            0);
    try (var raw = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer())) {
      deliveries.publish(first);
      raw.send(new ProducerRecord<>(Topics.CONDITION_MET, first.getTaskId(), poison))
          .get(10, TimeUnit.SECONDS);
      deliveries.publish(second);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }

    deliveries.awaitStatus(first, Channel.WEBHOOK, before, "DELIVERED");
    deliveries.awaitStatus(second, Channel.WEBHOOK, after, "DELIVERED");
    try (var deadLetters =
        TopicReader.raw(stack.kafkaBootstrapServers(), Topics.deadLetter(Topics.CONDITION_MET))) {
      var parked = deadLetters.awaitRecords(r -> first.getTaskId().equals(r.key()), WAIT);
      assertThat(parked).singleElement().extracting(r -> r.value()).isEqualTo(poison);
    }
    assertThat(receiver.on(before)).hasSize(1);
    assertThat(receiver.on(after)).hasSize(1);
  }

  private static MimeMessage mailTo(LocalStack stack, String email) {
    return await()
        .atMost(WAIT)
        .until(
            () ->
                stack.receivedMessages().stream()
                    .filter(m -> recipients(m).contains(email))
                    .findFirst()
                    .orElse(null),
            m -> m != null);
  }

  private static List<String> recipients(MimeMessage message) {
    try {
      return Arrays.stream(message.getAllRecipients())
          .map(a -> ((InternetAddress) a).getAddress())
          .toList();
    } catch (Exception e) {
      return List.of();
    }
  }
}
