package io.torale.notifier;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.torale.localstack.LocalStackExtension;
import io.torale.notifier.webhook.WebhookBodies;
import io.torale.schemas.Topics;
import io.torale.schemas.v1.ConditionMet;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Webhook deliveries/s through the whole notifier (ConditionMet on Kafka → intake → dispatcher →
 * signed POST) to a local receiver that answers 204 and verifies nothing, beside a raw {@link
 * HttpClient} loop at the same concurrency against the same receiver in the same run. Then the same
 * load with one endpoint that hangs until the webhook timeout, beside it. Times run from the first
 * publish until the receiver has every delivery.
 *
 * <p>Not part of {@code verify} (the name does not end in IT). Run with {@code ./mvnw -B -pl
 * notifier verify -Dit.test=WebhookThroughputBenchmark -Dtest=None
 * -Dsurefire.failIfNoSpecifiedTests=false}; {@code -Dbench.events=1000 -Dbench.concurrency=8}.
 */
@ExtendWith({LocalStackExtension.class, TaskApiStandIn.class})
@SpringBootTest(
    properties = {
      "torale.webhooks.default-secret=" + NotifierIntegrationTest.SECRET,
      "torale.webhooks.timeout=2s",
      // Timed-out deliveries to the hanging endpoint do not come back within the run, and the
      // endpoint is never disabled: it keeps hanging for the whole measurement.
      "torale.webhooks.retry-schedule=0s,1h",
      "torale.webhooks.disable-after-failures=1000000",
      "torale.webhooks.allowed-hosts=127.0.0.1",
      "server.port=0"
    })
@DirtiesContext
class WebhookThroughputBenchmark {

  static final int EVENTS = Integer.getInteger("bench.events", 1000);
  static final int CONCURRENCY = Integer.getInteger("bench.concurrency", 8);
  static final int WARM_UP = 500;

  /** One event in this many goes to the hanging endpoint in the second scenario. */
  static final int HANGING_EVERY = 10;

  static Sink sink;
  static Sink hanging;

  @Autowired KafkaTemplate<String, ConditionMet> kafka;
  @Autowired JdbcClient jdbc;

  @DynamicPropertySource
  static void concurrency(DynamicPropertyRegistry registry) {
    registry.add("torale.webhooks.per-endpoint-concurrency", () -> CONCURRENCY);
  }

  @BeforeAll
  static void startReceivers() throws IOException {
    sink = new Sink(Duration.ZERO);
    hanging = new Sink(Duration.ofSeconds(30));
  }

  @AfterAll
  static void stopReceivers() {
    sink.close();
    hanging.close();
  }

  @Test
  void deliveriesPerSecondAgainstRawHttpClient() throws Exception {
    rawLoop(WARM_UP);
    notifier(WARM_UP, false);

    // Alternated and taken best of two, so neither side is favoured by warm-up or by a burst of
    // load from elsewhere on the machine.
    double raw1 = rawLoop(EVENTS);
    double alone1 = notifier(EVENTS, false);
    double hanging1 = notifier(EVENTS, true);
    double alone2 = notifier(EVENTS, false);
    double hanging2 = notifier(EVENTS, true);
    double raw2 = rawLoop(EVENTS);

    double raw = Math.max(raw1, raw2);
    double alone = Math.max(alone1, alone2);
    double besideHanging = Math.max(hanging1, hanging2);
    double ratio = alone / raw;
    double drop = 1 - besideHanging / alone;
    System.out.printf(
        "%nBENCH events=%d concurrency=%d (best of two runs each)%n"
            + "BENCH raw HttpClient loop: %.1f req/s (%.1f, %.1f)%n"
            + "BENCH notifier end to end: %.1f deliveries/s (%.1f, %.1f), ratio %.2f (goal >= 0.7)%n"
            + "BENCH beside an endpoint hanging until the 2s timeout (1 event in %d):"
            + " %.1f deliveries/s (%.1f, %.1f), drop %.1f%% (goal <= 10%%)%n%n",
        EVENTS,
        CONCURRENCY,
        raw,
        raw1,
        raw2,
        alone,
        alone1,
        alone2,
        ratio,
        HANGING_EVERY,
        besideHanging,
        hanging1,
        hanging2,
        drop * 100);
    assertThat(alone).isPositive();
  }

  /** POSTs of a webhook-sized body with {@code CONCURRENCY} virtual threads; requests/s. */
  private double rawLoop(int requests) throws Exception {
    String path = "/raw-" + UUID.randomUUID();
    CountDownLatch done = sink.expect(path, requests);
    String body = WebhookBodies.of(Events.conditionMet("bench", List.of(), List.of()));
    AtomicInteger next = new AtomicInteger();
    long start = System.nanoTime();
    try (HttpClient http =
            HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2))
                .build();
        var threads = Executors.newVirtualThreadPerTaskExecutor()) {
      for (int t = 0; t < CONCURRENCY; t++) {
        threads.submit(
            () -> {
              while (next.getAndIncrement() < requests) {
                HttpRequest request =
                    HttpRequest.newBuilder(URI.create(sink.url(path)))
                        .timeout(Duration.ofSeconds(2))
                        .header("content-type", "application/json")
                        .header("webhook-id", "msg_" + UUID.randomUUID())
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build();
                http.send(request, HttpResponse.BodyHandlers.discarding());
              }
              return null;
            });
      }
      assertThat(done.await(5, TimeUnit.MINUTES)).isTrue();
    }
    return requests / seconds(start);
  }

  /**
   * Publishes {@code events} ConditionMet events with one webhook each and waits until the receiver
   * has them all; deliveries/s. With {@code withHanging}, one more event in {@link #HANGING_EVERY}
   * goes to an endpoint that never answers within the timeout; only the healthy ones are counted.
   */
  private double notifier(int events, boolean withHanging) throws Exception {
    String path = "/notifier-" + UUID.randomUUID();
    String url = sink.url(path);
    List<ConditionMet> batch = new ArrayList<>();
    for (int i = 0; i < events; i++) {
      if (withHanging && i % HANGING_EVERY == 0) {
        batch.add(Events.conditionMet("bench", List.of(), List.of(hanging.url(path))));
      }
      batch.add(Events.conditionMet("bench", List.of(), List.of(url)));
    }
    CountDownLatch done = sink.expect(path, events);
    long start = System.nanoTime();
    for (ConditionMet event : batch) {
      kafka.send(Topics.CONDITION_MET, event.getTaskId(), event);
    }
    kafka.flush();
    assertThat(done.await(5, TimeUnit.MINUTES)).isTrue();
    double perSecond = events / seconds(start);
    awaitRecorded(url, events);
    return perSecond;
  }

  /** Lets the notifier finish recording before the next measurement starts. */
  private void awaitRecorded(String url, int events) throws InterruptedException {
    for (int i = 0; i < 600; i++) {
      long delivered =
          jdbc.sql("SELECT count(*) FROM deliveries WHERE target = ? AND status = 'DELIVERED'")
              .param(url)
              .query(Long.class)
              .single();
      if (delivered >= events) {
        return;
      }
      TimeUnit.MILLISECONDS.sleep(100);
    }
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  /** A receiver on 127.0.0.1 that answers 204 (after {@code delay}) and counts by path. */
  static final class Sink implements AutoCloseable {

    private final HttpServer server;
    private final Map<String, CountDownLatch> expected = new ConcurrentHashMap<>();

    Sink(Duration delay) throws IOException {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1000);
      server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
      server.createContext(
          "/",
          exchange -> {
            exchange.getRequestBody().readAllBytes();
            if (!delay.isZero()) {
              try {
                Thread.sleep(delay);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
            CountDownLatch latch = expected.get(exchange.getRequestURI().getPath());
            if (latch != null) {
              latch.countDown();
            }
          });
      server.start();
    }

    CountDownLatch expect(String path, int count) {
      CountDownLatch latch = new CountDownLatch(count);
      expected.put(path, latch);
      return latch;
    }

    String url(String path) {
      return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }
}
