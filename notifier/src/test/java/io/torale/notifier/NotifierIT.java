package io.torale.notifier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Span.Kind;
import io.micrometer.tracing.Tracer;
import io.torale.localstack.LocalStack;
import io.torale.localstack.LocalStackExtension;
import io.torale.notifier.delivery.Channel;
import io.torale.notifier.delivery.DeliveryIds;
import io.torale.platform.tracing.TraceContexts;
import io.torale.schemas.Topics;
import io.torale.schemas.v1.ConditionMet;
import io.torale.schemas.v1.DeliveryStatus;
import io.torale.schemas.v1.NotificationDelivery;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
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

/** The notifier against real Kafka, registry, PostgreSQL and the SMTP catcher. */
@ExtendWith(LocalStackExtension.class)
@SpringBootTest(
    properties = {
      "torale.webhooks.default-secret=" + NotifierIT.SECRET,
      "torale.webhooks.retry-schedule=0s,1s,1s",
      "torale.webhooks.jitter=0",
      "torale.webhooks.timeout=1s",
      "torale.webhooks.allowed-hosts=localhost,127.0.0.1",
      "torale.email.retry-schedule=0s,1s",
      "torale.email.per-recipient-hourly=2",
      "torale.email.per-owner-daily=3",
      "torale.dispatch.poll-interval=100ms",
      "server.port=0"
    })
@DirtiesContext
class NotifierIT {

  static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  static final Duration WAIT = Duration.ofSeconds(30);

  static Receiver receiver;

  @Autowired KafkaTemplate<String, ConditionMet> kafka;
  @Autowired JdbcClient jdbc;
  @Autowired TraceContexts traces;
  @Autowired ConsumerFactory<String, NotificationDelivery> consumers;

  @BeforeAll
  static void startReceiver() throws Exception {
    receiver = new Receiver(SECRET);
  }

  @AfterAll
  static void stopReceiver() {
    receiver.close();
  }

  @Test
  void deliversToEmailAndWebhook(LocalStack stack) throws Exception {
    String email = "ann-" + UUID.randomUUID() + "@example.com";
    String url = receiver.url("/ok-" + UUID.randomUUID());
    ConditionMet event =
        Events.conditionMet("owner-" + UUID.randomUUID(), List.of(email), List.of(url));
    publish(event);

    awaitStatus(event, Channel.WEBHOOK, url, "DELIVERED");
    awaitStatus(event, Channel.EMAIL, email, "DELIVERED");
    var requests = receiver.on(path(url));
    assertThat(requests).hasSize(1);
    assertThat(requests.getFirst().verified()).isTrue();
    assertThat(requests.getFirst().id())
        .isEqualTo(DeliveryIds.of(event.getEventId(), Channel.WEBHOOK, url));
    assertThat(requests.getFirst().body())
        .contains("\"type\":\"task.condition_met\"", "\"context\":{\"team\":\"mobile\"}");

    MimeMessage mail = mailTo(stack, email);
    assertThat(mail.getSubject()).isEqualTo("Torale: Next iPhone release date");
    assertThat(mail.getContentType()).startsWith("multipart/mixed");
    assertThat(attemptStatuses(event, Channel.EMAIL, email)).containsExactly("DELIVERED");
    assertPublished(event, DeliveryIds.of(event.getEventId(), Channel.EMAIL, email));
  }

  private void assertPublished(ConditionMet event, String deliveryId) {
    try (var consumer = consumers.createConsumer("notifier-it-" + UUID.randomUUID(), "it")) {
      var partitions =
          consumer.partitionsFor(Topics.NOTIFICATION_DELIVERIES).stream()
              .map(p -> new TopicPartition(p.topic(), p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      List<NotificationDelivery> found = new java.util.ArrayList<>();
      await()
          .atMost(WAIT)
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
      NotificationDelivery record = found.getFirst();
      assertThat(record.getTaskId()).isEqualTo(event.getTaskId());
      assertThat(record.getStatus()).isEqualTo(DeliveryStatus.DELIVERED);
      assertThat(record.getAttempt()).isEqualTo(1);
      assertThat(record.getTarget()).startsWith("a***@example.com");
    }
  }

  @Test
  void everyWebhookAttemptCarriesTheEventsTrace() {
    String url = receiver.url("/traced-" + UUID.randomUUID());
    receiver.answer(path(url), n -> n == 1 ? 500 : 204);
    ConditionMet event = Events.conditionMet("o", List.of(), List.of(url));
    String traceId = "5b8efff798038103d269b633813fc60c";
    Span worker = traces.startChild("00-" + traceId + "-eee19b7ec3c1b174-01", "it", Kind.PRODUCER);

    // As the worker's publish activity sends it: inside the run's trace.
    try (Tracer.SpanInScope scope = traces.inScope(worker)) {
      publish(event);
    } finally {
      worker.end();
    }

    awaitStatus(event, Channel.WEBHOOK, url, "DELIVERED");
    var requests = receiver.on(path(url));
    assertThat(requests).hasSize(2);
    assertThat(requests)
        .extracting(Receiver.Request::traceparent)
        .allMatch(h -> h.startsWith("00-" + traceId + "-"))
        .doesNotHaveDuplicates();
  }

  @Test
  void retriesAfterServerErrorWithTheSameId() {
    String url = receiver.url("/flaky-" + UUID.randomUUID());
    receiver.answer(path(url), n -> n == 1 ? 500 : 204);
    ConditionMet event = Events.conditionMet("o", List.of(), List.of(url));
    publish(event);

    awaitStatus(event, Channel.WEBHOOK, url, "DELIVERED");
    var requests = receiver.on(path(url));
    assertThat(requests).hasSize(2).allMatch(Receiver.Request::verified);
    assertThat(requests.get(0).id()).isEqualTo(requests.get(1).id());
    assertThat(attemptStatuses(event, Channel.WEBHOOK, url))
        .containsExactly("RETRY_SCHEDULED", "DELIVERED");
  }

  @Test
  void goneDisablesTheEndpoint() {
    String url = receiver.url("/gone-" + UUID.randomUUID());
    receiver.answer(path(url), n -> 410);
    ConditionMet event = Events.conditionMet("o", List.of(), List.of(url));
    publish(event);

    awaitStatus(event, Channel.WEBHOOK, url, "FAILED");
    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(attemptStatuses(event, Channel.WEBHOOK, url))
                    .containsExactly("FAILED", "ENDPOINT_DISABLED"));
    assertThat(receiver.on(path(url))).hasSize(1);

    // A later event to the same endpoint is not sent at all.
    ConditionMet later = Events.conditionMet("o", List.of(), List.of(url));
    publish(later);
    awaitStatus(later, Channel.WEBHOOK, url, "FAILED");
    assertThat(receiver.on(path(url))).hasSize(1);
  }

  @Test
  void timeoutIsRetriedThenFails() {
    String url = receiver.url("/slow-" + UUID.randomUUID());
    receiver.delay(path(url), 3_000);
    ConditionMet event = Events.conditionMet("o", List.of(), List.of(url));
    publish(event);

    awaitStatus(event, Channel.WEBHOOK, url, "FAILED");
    assertThat(lastError(event, Channel.WEBHOOK, url)).isEqualTo("timed out");
    assertThat(attemptStatuses(event, Channel.WEBHOOK, url))
        .containsExactly("RETRY_SCHEDULED", "RETRY_SCHEDULED", "FAILED");
  }

  @Test
  void redirectsAreNotFollowed() {
    String url = receiver.url("/moved-" + UUID.randomUUID());
    receiver.answer(path(url), n -> 302);
    ConditionMet event = Events.conditionMet("o", List.of(), List.of(url));
    publish(event);

    awaitStatus(event, Channel.WEBHOOK, url, "FAILED");
    assertThat(lastError(event, Channel.WEBHOOK, url)).isEqualTo("redirect not followed");
    assertThat(receiver.on("/redirected")).isEmpty();
  }

  @Test
  void refusesLoopbackAddressThatIsNotAllowListed() {
    // 127.0.0.2 is loopback but not allow-listed: refused before any connection is made.
    String url = "http://127.0.0.2:" + receiver.port() + "/ssrf-" + UUID.randomUUID();
    ConditionMet event = Events.conditionMet("o", List.of(), List.of(url));
    publish(event);

    awaitStatus(event, Channel.WEBHOOK, url, "REFUSED");
    assertThat(lastError(event, Channel.WEBHOOK, url)).contains("loopback");
    assertThat(receiver.on(path(url))).isEmpty();
  }

  @Test
  void duplicateEventIsDeliveredOnce() throws Exception {
    String url = receiver.url("/dup-" + UUID.randomUUID());
    ConditionMet event = Events.conditionMet("o", List.of(), List.of(url, url + " "));
    publish(event);
    publish(event);

    awaitStatus(event, Channel.WEBHOOK, url, "DELIVERED");
    publish(event);
    TimeUnit.SECONDS.sleep(2);
    assertThat(receiver.on(path(url))).hasSize(1);
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
    events.forEach(this::publish);

    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(events.stream().map(e -> status(e, Channel.EMAIL, email)).toList())
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
    publish(event);

    await()
        .atMost(WAIT)
        .untilAsserted(
            () ->
                assertThat(emails.stream().map(e -> status(event, Channel.EMAIL, e)).toList())
                    .containsExactlyInAnyOrder(
                        "DELIVERED", "DELIVERED", "DELIVERED", "SUPPRESSED"));
  }

  @Test
  void hangingEndpointDoesNotDelayAHealthyOne() {
    String hanging = receiver.url("/hang-" + UUID.randomUUID());
    String healthy = receiver.url("/fine-" + UUID.randomUUID());
    receiver.delay(path(hanging), 3_000);
    ConditionMet first = Events.conditionMet("o", List.of(), List.of(hanging));
    publish(first);
    await().atMost(WAIT).until(() -> !receiver.on(path(hanging)).isEmpty());

    long start = System.nanoTime();
    ConditionMet second = Events.conditionMet("o", List.of(), List.of(healthy));
    publish(second);
    awaitStatus(second, Channel.WEBHOOK, healthy, "DELIVERED");
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
      publish(first);
      raw.send(new ProducerRecord<>(Topics.CONDITION_MET, first.getTaskId(), poison))
          .get(10, TimeUnit.SECONDS);
      publish(second);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }

    awaitStatus(first, Channel.WEBHOOK, before, "DELIVERED");
    awaitStatus(second, Channel.WEBHOOK, after, "DELIVERED");
    try (var consumer =
        new KafkaConsumer<>(
            Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                stack.kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG,
                "notifier-it-dlt-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                "earliest"),
            new StringDeserializer(),
            new ByteArrayDeserializer())) {
      consumer.subscribe(List.of(Topics.deadLetter(Topics.CONDITION_MET)));
      List<byte[]> deadLetters = new java.util.ArrayList<>();
      await()
          .atMost(WAIT)
          .until(
              () -> {
                consumer
                    .poll(Duration.ofMillis(200))
                    .forEach(
                        r -> {
                          if (first.getTaskId().equals(r.key())) {
                            deadLetters.add(r.value());
                          }
                        });
                return !deadLetters.isEmpty();
              });
      assertThat(deadLetters).hasSize(1);
      assertThat(deadLetters.getFirst()).isEqualTo(poison);
    }
    assertThat(receiver.on(path(before))).hasSize(1);
    assertThat(receiver.on(path(after))).hasSize(1);
  }

  private void publish(ConditionMet event) {
    try {
      kafka.send(Topics.CONDITION_MET, event.getTaskId(), event).get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private void awaitStatus(ConditionMet event, Channel channel, String target, String status) {
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(50))
        .until(() -> status.equals(status(event, channel, target)));
  }

  private String status(ConditionMet event, Channel channel, String target) {
    return jdbc.sql("SELECT status FROM deliveries WHERE delivery_id = ?")
        .param(DeliveryIds.of(event.getEventId(), channel, target))
        .query(String.class)
        .optional()
        .orElse(null);
  }

  private String lastError(ConditionMet event, Channel channel, String target) {
    return jdbc.sql("SELECT last_error FROM deliveries WHERE delivery_id = ?")
        .param(DeliveryIds.of(event.getEventId(), channel, target))
        .query(String.class)
        .single();
  }

  private List<String> attemptStatuses(ConditionMet event, Channel channel, String target) {
    return jdbc.sql("SELECT status FROM delivery_attempts WHERE delivery_id = ? ORDER BY id")
        .param(DeliveryIds.of(event.getEventId(), channel, target))
        .query(String.class)
        .list();
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

  private static String path(String url) {
    return java.net.URI.create(url.trim()).getPath();
  }
}
