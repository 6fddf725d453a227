package io.torale.notifier;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.OperatingSystemMXBean;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.torale.localstack.LocalStackExtension;
import io.torale.notifier.webhook.WebhookBodies;
import io.torale.platform.tracing.TraceContexts;
import io.torale.schemas.Topics;
import io.torale.schemas.v1.Channel;
import io.torale.schemas.v1.ConditionMet;
import io.torale.schemas.v1.DeliveryStatus;
import io.torale.schemas.v1.NotificationDelivery;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import javax.sql.DataSource;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.kafka.clients.producer.ProducerRecord;
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
 * Webhook deliveries through the whole notifier (ConditionMet on Kafka → intake → dispatcher →
 * signed POST → recorded outcome → published NotificationDelivery) against two baselines run in the
 * same JVM, alternated with it, against the same receiver (a JDK {@link HttpServer} on 127.0.0.1
 * answering 204, verifying nothing), at the same concurrency:
 *
 * <ul>
 *   <li><b>durable</b>: the minimum durable work per delivery: the POST (the same Apache client the
 *       notifier uses), its outcome in one batched {@code INSERT} of up to 500 outcomes into
 *       PostgreSQL, then one Kafka produce of its {@code NotificationDelivery}; done when every
 *       outcome is committed and acknowledged by Kafka;
 *   <li><b>bare</b>: the POST alone.
 * </ul>
 *
 * A notifier phase is done when the receiver has all N and every attempt is recorded and published
 * (no outbox marker left), so phases never overlap. For every phase it prints the rate, the CPU per
 * delivery of this JVM (notifier or baseline, plus the receiver and the in-process Kafka broker,
 * the same in every phase) and of the PostgreSQL server, and the load average.
 *
 * <p>Warm-up: notifier chunks of {@code bench.warmup-chunk} until at least {@code bench.warmup}
 * deliveries, CPU per delivery of two chunks in a row within 10 % and the JIT compiler's threads at
 * most {@code bench.warmup-jit-share} of a chunk's CPU (at most {@code bench.warmup-max}), then a
 * chunk of each baseline. Every phase also prints the CPU of the JIT's and the GC's threads. Second
 * scenario: the same N plus one more event in nine (10 % of all deliveries) to an endpoint that
 * hangs past the webhook timeout; it reports the drop in the healthy deliveries' rate (receiver
 * time) against the notifier phase of the same round and the time to the first healthy delivery in
 * both; the phase then waits for the hanging attempts to time out and be recorded.
 *
 * <p>Not part of {@code verify} (the name does not end in IT). Command in the notifier README.
 */
@ExtendWith({LocalStackExtension.class, TaskApiStandIn.class})
@SpringBootTest(
    properties = {
      "torale.webhooks.default-secret=" + NotifierIntegrationTest.SECRET,
      // Timed-out deliveries to the hanging endpoint do not come back within the run, and the
      // endpoint is never disabled: it keeps hanging for the whole measurement.
      "torale.webhooks.retry-schedule=0s,1h",
      "torale.webhooks.disable-after-failures=1000000",
      "torale.webhooks.allowed-hosts=127.0.0.1",
      "server.port=0"
    })
@DirtiesContext
class WebhookThroughputBenchmark {

  static final int EVENTS = Integer.getInteger("bench.events", 4000);
  static final int CONCURRENCY = Integer.getInteger("bench.concurrency", 8);
  static final int WARM_UP = Integer.getInteger("bench.warmup", 10_000);
  static final int WARM_UP_CHUNK = Integer.getInteger("bench.warmup-chunk", 2000);
  static final int WARM_UP_MAX = Integer.getInteger("bench.warmup-max", 30_000);
  static final int ROUNDS = Integer.getInteger("bench.rounds", 2);
  static final String HANGING_TIMEOUT = System.getProperty("bench.hanging-timeout", "2s");

  /** Warm-up goes on (up to {@code bench.warmup-max}) while the JIT takes more of the JVM's CPU. */
  static final double WARM_UP_JIT_SHARE =
      Double.parseDouble(System.getProperty("bench.warmup-jit-share", "0.15"));

  /** The second scenario adds one hanging event per this many healthy ones (10 % of the total). */
  static final int HEALTHY_PER_HANGING = 9;

  private static final int DURABLE_BATCH = 500;
  private static final Duration PHASE_LIMIT = Duration.ofMinutes(5);

  static Sink sink;
  static Sink hanging;

  @Autowired KafkaTemplate<String, ConditionMet> conditionMet;
  @Autowired KafkaTemplate<String, NotificationDelivery> deliveries;

  /**
   * The benchmark's own producers, without the templates' observation (a tracing span and a timer
   * per record), as the notifier's {@code DeliveryEvents} sends: the ConditionMet publisher stands
   * in for the worker, whose cost is not the notifier's, and the durable baseline's records should
   * cost what the notifier's do. Each event still carries a {@code traceparent}, sampled for {@link
   * #SAMPLED_TRACES} of them as the worker's would be at the default sampling probability.
   */
  private KafkaTemplate<String, ConditionMet> publisher;

  private KafkaTemplate<String, NotificationDelivery> baselineRecords;

  static final double SAMPLED_TRACES = 0.1;
  @Autowired JdbcClient jdbc;
  @Autowired DataSource dataSource;
  @Autowired MeterRegistry meters;

  private final OperatingSystemMXBean os =
      (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
  private long postmaster;
  private String body;
  private static double idleCpuMsPerSecond;
  private static double idlePgMsPerSecond;

  @DynamicPropertySource
  static void sizes(DynamicPropertyRegistry registry) {
    registry.add("torale.webhooks.per-endpoint-concurrency", () -> CONCURRENCY);
    registry.add("torale.webhooks.timeout", () -> HANGING_TIMEOUT);
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

  /** One phase's figures. */
  record Phase(
      String name,
      int n,
      double seconds,
      double cpuMs,
      double pgCpuMs,
      double load,
      double jitMs,
      double gcMs) {
    double rate() {
      return n / seconds;
    }

    /** JVM CPU per delivery less this JVM's idle CPU over the phase's length. */
    double netCpuMs() {
      return (cpuMs - idleCpuMsPerSecond * seconds) / n;
    }

    double netPgCpuMs() {
      return (pgCpuMs - idlePgMsPerSecond * seconds) / n;
    }

    /** JVM CPU per delivery less the JIT compiler's and the garbage collector's threads. */
    double appCpuMs() {
      return (cpuMs - jitMs - gcMs) / n;
    }

    String line() {
      return String.format(
          "%-22s N=%d %8.1f /s %6.1f s  CPU/delivery %.3f ms (JVM) + %.3f ms (PostgreSQL); net of"
              + " idle %.3f + %.3f ms; of the JVM's: JIT %.3f ms, GC %.3f ms, the rest %.3f ms"
              + "  load %.2f",
          name,
          n,
          rate(),
          seconds,
          cpuMs / n,
          pgCpuMs / n,
          netCpuMs(),
          netPgCpuMs(),
          jitMs / n,
          gcMs / n,
          appCpuMs(),
          load);
    }
  }

  @Test
  void deliveriesPerSecondAgainstDurableAndBareBaselines() throws Exception {
    body = WebhookBodies.of(Events.conditionMet("bench", List.of(), List.of()));
    publisher = new KafkaTemplate<>(conditionMet.getProducerFactory());
    publisher.setMicrometerEnabled(false);
    baselineRecords = new KafkaTemplate<>(deliveries.getProducerFactory());
    baselineRecords.setMicrometerEnabled(false);
    postmaster = postmasterPid();
    createBaselineTable();
    print(
        "BENCH events=%d concurrency=%d rounds=%d warm-up>=%d (chunks of %d, max %d, until the JIT"
            + " is <= %.0f%% of a chunk's CPU) hanging timeout=%s cores=%d",
        EVENTS,
        CONCURRENCY,
        ROUNDS,
        WARM_UP,
        WARM_UP_CHUNK,
        WARM_UP_MAX,
        WARM_UP_JIT_SHARE * 100,
        HANGING_TIMEOUT,
        Runtime.getRuntime().availableProcessors());

    int warmed = 0;
    double previous = Double.NaN;
    while (warmed < WARM_UP_MAX) {
      Phase chunk = notifier("warm-up notifier", WARM_UP_CHUNK, false).phase();
      warmed += WARM_UP_CHUNK;
      double perDelivery = chunk.cpuMs() / chunk.n();
      print("BENCH %s (total %d)", chunk.line(), warmed);
      // Settled: two chunks in a row within 10 %, and the JIT compiler no longer a large share
      // (after 12,000 deliveries it was still about half of the JVM's CPU per delivery).
      boolean settled =
          Math.abs(perDelivery - previous) <= 0.1 * previous
              && chunk.jitMs() <= WARM_UP_JIT_SHARE * chunk.cpuMs();
      previous = perDelivery;
      if (warmed >= WARM_UP && settled) {
        break;
      }
    }
    print("BENCH %s", durable("warm-up durable", WARM_UP_CHUNK).line());
    print("BENCH %s", bare("warm-up bare", WARM_UP_CHUNK).line());

    // This JVM also runs the Kafka broker and the idle notifier: their CPU while nothing is sent
    // is charged to every phase by its length. Printed so a reader can take it off.
    Meter idle = new Meter();
    TimeUnit.SECONDS.sleep(5);
    Phase idled = idle.phase("idle", 1);
    idleCpuMsPerSecond = idled.cpuMs() / idled.seconds();
    idlePgMsPerSecond = idled.pgCpuMs() / idled.seconds();
    print(
        "BENCH idle: %.1f ms CPU/s (JVM) + %.1f ms CPU/s (PostgreSQL), load %.2f; \"net\" below"
            + " takes that off each phase by its length",
        idleCpuMsPerSecond, idlePgMsPerSecond, idled.load());

    List<String> summary = new ArrayList<>();
    for (int round = 1; round <= ROUNDS; round++) {
      // The order turns every round, so no side always follows the same one.
      Run alone;
      Phase durable;
      Phase bare;
      if (round % 2 == 1) {
        alone = notifier("notifier", EVENTS, false);
        durable = durable("durable baseline", EVENTS);
        bare = bare("bare POST", EVENTS);
      } else {
        bare = bare("bare POST", EVENTS);
        durable = durable("durable baseline", EVENTS);
        alone = notifier("notifier", EVENTS, false);
      }
      Run besideHanging = notifier("notifier + hanging", EVENTS, true);
      Phase n = alone.phase();
      for (Phase p : List.of(n, durable, bare, besideHanging.phase())) {
        print("BENCH round %d %s", round, p.line());
      }
      double drop = 1 - besideHanging.healthyRate() / alone.healthyRate();
      summary.add(
          String.format(
              "BENCH round %d: notifier/durable %.2f (goal >= 0.7), notifier/bare %.2f; CPU per"
                  + " delivery notifier %.3f ms, durable %.3f ms, bare %.3f ms: notifier/bare"
                  + " %.2fx (goal <= 2x; net of idle %.3f / %.3f / %.3f ms: %.2fx; less JIT and"
                  + " GC %.3f / %.3f / %.3f ms: %.2fx), incl. PostgreSQL %.3f / %.3f / %.3f ms;"
                  + " beside a hanging"
                  + " endpoint healthy %.1f vs %.1f /s (receiver), drop %.1f%% (goal <= 10%%),"
                  + " first healthy delivery after %d ms (alone %d ms); load %.2f / %.2f / %.2f /"
                  + " %.2f",
              round,
              n.rate() / durable.rate(),
              n.rate() / bare.rate(),
              n.cpuMs() / n.n(),
              durable.cpuMs() / durable.n(),
              bare.cpuMs() / bare.n(),
              (n.cpuMs() / n.n()) / (bare.cpuMs() / bare.n()),
              n.netCpuMs(),
              durable.netCpuMs(),
              bare.netCpuMs(),
              n.netCpuMs() / bare.netCpuMs(),
              n.appCpuMs(),
              durable.appCpuMs(),
              bare.appCpuMs(),
              n.appCpuMs() / bare.appCpuMs(),
              (n.cpuMs() + n.pgCpuMs()) / n.n(),
              (durable.cpuMs() + durable.pgCpuMs()) / durable.n(),
              (bare.cpuMs() + bare.pgCpuMs()) / bare.n(),
              besideHanging.healthyRate(),
              alone.healthyRate(),
              drop * 100,
              besideHanging.firstMillis(),
              alone.firstMillis(),
              n.load(),
              durable.load(),
              bare.load(),
              besideHanging.phase().load()));
    }
    summary.forEach(line -> print("%s", line));
    assertThat(summary).hasSize(ROUNDS);
  }

  /** A notifier phase, with the receiver's view of the healthy deliveries. */
  record Run(Phase phase, long received, double healthySeconds, long firstMillis) {
    /** Healthy deliveries the receiver had per second, until it had them all. */
    double healthyRate() {
      return received / healthySeconds;
    }
  }

  /**
   * Publishes {@code events} ConditionMet events with one webhook each and waits until the receiver
   * has them all and the notifier has recorded and published every attempt. With {@code
   * withHanging}, one more event per {@link #HEALTHY_PER_HANGING} goes to an endpoint that never
   * answers within the timeout; the phase also waits for those attempts to be recorded.
   */
  private Run notifier(String name, int events, boolean withHanging) throws Exception {
    String path = "/notifier-" + UUID.randomUUID();
    String url = sink.url(path);
    List<ConditionMet> batch = new ArrayList<>();
    int hangingCount = 0;
    for (int i = 0; i < events; i++) {
      if (withHanging && i % HEALTHY_PER_HANGING == 0) {
        batch.add(Events.conditionMet("bench", List.of(), List.of(hanging.url(path))));
        hangingCount++;
      }
      batch.add(Events.conditionMet("bench", List.of(), List.of(url)));
    }
    double delivered = counter("delivered");
    double retryable = counter("retryable");
    CountDownLatch done = sink.expect(path, events);
    Meter meter = new Meter();
    for (ConditionMet event : batch) {
      ProducerRecord<String, ConditionMet> record =
          new ProducerRecord<>(Topics.CONDITION_MET, event.getTaskId(), event);
      record.headers().add(TraceContexts.TRACEPARENT, traceparent().getBytes(UTF_8));
      publisher.send(record);
    }
    publisher.flush();
    int total = batch.size();
    // Every delivery attempted once and recorded: delivered, or timed out (the hanging ones, and
    // healthy ones when the machine is too loaded to answer within the timeout; they are retried
    // only after an hour, so the phase does not wait for them).
    BooleanSupplier attempted =
        () -> counter("delivered") - delivered + counter("retryable") - retryable >= total;
    awaitCondition(() -> done.getCount() == 0 || attempted.getAsBoolean());
    double healthySeconds = meter.seconds();
    long received = events - done.getCount();
    long first = (sink.firstArrival(path) - meter.startNanos) / 1_000_000;
    awaitCondition(() -> attempted.getAsBoolean() && unpublished() == 0);
    long timedOut = Math.round(counter("retryable") - retryable) - hangingCount;
    Phase phase =
        meter.phase(
            name
                + (withHanging ? " (" + hangingCount + " hanging)" : "")
                + (timedOut > 0 ? " (" + timedOut + " healthy timed out)" : ""),
            events);
    return new Run(phase, received, healthySeconds, first);
  }

  /** The POST, then its outcome in a batched INSERT, then one Kafka produce per outcome. */
  private Phase durable(String name, int requests) throws Exception {
    String path = "/durable-" + UUID.randomUUID();
    String url = sink.url(path);
    LinkedBlockingQueue<NotificationDelivery> outcomes = new LinkedBlockingQueue<>();
    AtomicLong acknowledged = new AtomicLong();
    Meter meter = new Meter();
    Thread writer =
        Thread.ofPlatform()
            .name("bench-durable-writer")
            .start(() -> writeOutcomes(outcomes, requests, acknowledged));
    post(url, requests, outcomes);
    writer.join(PHASE_LIMIT.toMillis());
    assertThat(acknowledged.get()).isEqualTo(requests);
    return meter.phase(name, requests);
  }

  private Phase bare(String name, int requests) throws Exception {
    String path = "/bare-" + UUID.randomUUID();
    Meter meter = new Meter();
    post(sink.url(path), requests, null);
    return meter.phase(name, requests);
  }

  /**
   * {@code CONCURRENCY} virtual threads POSTing the webhook body, as the notifier's client does.
   */
  private void post(String url, int requests, LinkedBlockingQueue<NotificationDelivery> outcomes)
      throws Exception {
    AtomicInteger next = new AtomicInteger();
    try (CloseableHttpClient http =
            HttpClients.custom()
                .setConnectionManager(
                    PoolingHttpClientConnectionManagerBuilder.create()
                        .setMaxConnPerRoute(CONCURRENCY)
                        .setMaxConnTotal(1_000)
                        .build())
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .disableCookieManagement()
                .build();
        var threads = Executors.newVirtualThreadPerTaskExecutor()) {
      List<java.util.concurrent.Future<?>> workers = new ArrayList<>();
      for (int t = 0; t < CONCURRENCY; t++) {
        workers.add(
            threads.submit(
                () -> {
                  int i;
                  while ((i = next.getAndIncrement()) < requests) {
                    String id = "msg_" + UUID.randomUUID();
                    HttpPost post = new HttpPost(url);
                    post.setHeader("webhook-id", id);
                    post.setEntity(new StringEntity(body, ContentType.APPLICATION_JSON));
                    int code =
                        http.execute(
                            post,
                            response -> {
                              EntityUtils.consume(response.getEntity());
                              return response.getCode();
                            });
                    if (outcomes != null) {
                      outcomes.add(record(id, code));
                    }
                  }
                  return null;
                }));
      }
      for (var worker : workers) {
        worker.get(PHASE_LIMIT.toSeconds(), TimeUnit.SECONDS);
      }
    }
  }

  private static NotificationDelivery record(String deliveryId, int code) {
    return NotificationDelivery.newBuilder()
        .setDeliveryId(deliveryId)
        .setEventId("evt-bench")
        .setTaskId(deliveryId)
        .setChannel(Channel.WEBHOOK)
        .setTarget("http://127.0.0.1/…")
        .setAttempt(1)
        .setStatus(code < 300 ? DeliveryStatus.DELIVERED : DeliveryStatus.RETRY_SCHEDULED)
        .setHttpStatus(code)
        .setAttemptedAt(Instant.now())
        .build();
  }

  /**
   * Takes whatever outcomes are waiting (up to {@link #DURABLE_BATCH}), inserts them in one
   * statement, commits, then produces each to Kafka; counts the acknowledged ones.
   */
  private void writeOutcomes(
      LinkedBlockingQueue<NotificationDelivery> outcomes, int total, AtomicLong acknowledged) {
    int written = 0;
    List<CompletableFuture<?>> sends = new ArrayList<>();
    try (Connection connection = dataSource.getConnection();
        PreparedStatement insert =
            connection.prepareStatement(
                """
                INSERT INTO bench_outcomes (delivery_id, attempt, status, http_status)
                SELECT * FROM unnest(?::text[], ?::int[], ?::text[], ?::int[])
                """)) {
      connection.setAutoCommit(true);
      List<NotificationDelivery> batch = new ArrayList<>(DURABLE_BATCH);
      while (written < total) {
        NotificationDelivery head = outcomes.poll(PHASE_LIMIT.toSeconds(), TimeUnit.SECONDS);
        if (head == null) {
          break;
        }
        batch.add(head);
        outcomes.drainTo(batch, DURABLE_BATCH - 1);
        int n = batch.size();
        String[] ids = new String[n];
        Integer[] attempts = new Integer[n];
        String[] statuses = new String[n];
        Integer[] codes = new Integer[n];
        for (int i = 0; i < n; i++) {
          NotificationDelivery r = batch.get(i);
          ids[i] = r.getDeliveryId();
          attempts[i] = r.getAttempt();
          statuses[i] = r.getStatus().name();
          codes[i] = r.getHttpStatus();
        }
        Array a1 = connection.createArrayOf("text", ids);
        Array a2 = connection.createArrayOf("int4", attempts);
        Array a3 = connection.createArrayOf("text", statuses);
        Array a4 = connection.createArrayOf("int4", codes);
        insert.setArray(1, a1);
        insert.setArray(2, a2);
        insert.setArray(3, a3);
        insert.setArray(4, a4);
        insert.executeUpdate();
        for (NotificationDelivery r : batch) {
          sends.add(
              baselineRecords
                  .send(Topics.NOTIFICATION_DELIVERIES, r.getTaskId(), r)
                  .thenRun(acknowledged::incrementAndGet));
        }
        written += n;
        batch.clear();
      }
      CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new))
          .get(PHASE_LIMIT.toSeconds(), TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("durable baseline failed after " + written, e);
    }
  }

  private void createBaselineTable() {
    jdbc.sql(
            """
            CREATE TABLE IF NOT EXISTS bench_outcomes (
                id BIGSERIAL PRIMARY KEY, delivery_id TEXT NOT NULL, attempt INT NOT NULL,
                status TEXT NOT NULL, http_status INT,
                attempted_at TIMESTAMPTZ NOT NULL DEFAULT now())
            """)
        .update();
  }

  /** Found once: a registry search every 20 ms while a phase drains costs this JVM CPU. */
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();

  private double counter(String outcome) {
    Counter counter = counters.get(outcome);
    if (counter == null) {
      counter =
          meters
              .find("torale.delivery.attempts")
              .tags("channel", "webhook", "outcome", outcome)
              .counter();
      if (counter == null) {
        return 0;
      }
      counters.put(outcome, counter);
    }
    return counter.count();
  }

  /** A W3C traceparent as the worker's producer sends it: sampled for a share of events. */
  private static String traceparent() {
    var random = ThreadLocalRandom.current();
    return "00-%016x%016x-%016x-%s"
        .formatted(
            random.nextLong() | 1,
            random.nextLong(),
            random.nextLong() | 1,
            random.nextDouble() < SAMPLED_TRACES ? "01" : "00");
  }

  private long unpublished() {
    return jdbc.sql("SELECT count(*) FROM delivery_outbox").query(Long.class).single();
  }

  private static void awaitCondition(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + PHASE_LIMIT.toNanos();
    while (!condition.getAsBoolean()) {
      assertThat(System.nanoTime()).as("phase drained in time").isLessThan(deadline);
      TimeUnit.MILLISECONDS.sleep(20);
    }
  }

  /** Wall time, this JVM's CPU time and PostgreSQL's CPU time since it was made. */
  private final class Meter {
    // PostgreSQL's CPU is read first: the scan of /proc costs this JVM CPU, which must not count
    // in the phase (at the end, this JVM's CPU is read before the scan).
    final long startPg = postgresCpuNanos();
    final long[] startJitGc = jitAndGcNanos();
    final long startNanos = System.nanoTime();
    final long startCpu = os.getProcessCpuTime();

    double seconds() {
      return (System.nanoTime() - startNanos) / 1e9;
    }

    Phase phase(String name, int n) {
      double cpuMs = (os.getProcessCpuTime() - startCpu) / 1e6;
      double seconds = seconds();
      long[] jitGc = jitAndGcNanos();
      double pgMs = (postgresCpuNanos() - startPg) / 1e6;
      return new Phase(
          name,
          n,
          seconds,
          cpuMs,
          pgMs,
          os.getSystemLoadAverage(),
          (jitGc[0] - startJitGc[0]) / 1e6,
          (jitGc[1] - startJitGc[1]) / 1e6);
    }
  }

  /** The PostgreSQL server this test's pool talks to: the parent of a backend. */
  private long postmasterPid() throws Exception {
    int backend = jdbc.sql("SELECT pg_backend_pid()").query(Integer.class).single();
    return Long.parseLong(stat(backend)[3]);
  }

  /**
   * CPU of the postmaster, its children that ended (cutime, cstime) and those alive (the backends,
   * the WAL writer, the checkpointer…), from /proc, in nanoseconds.
   */
  private long postgresCpuNanos() {
    long ticks = 0;
    try (var processes = Files.list(Path.of("/proc"))) {
      for (Path dir : processes.toList()) {
        String name = dir.getFileName().toString();
        if (!name.chars().allMatch(Character::isDigit)) {
          continue;
        }
        long pid = Long.parseLong(name);
        String[] stat = stat(pid);
        if (stat == null) {
          continue;
        }
        if (pid == postmaster) {
          ticks += Long.parseLong(stat[13]) + Long.parseLong(stat[14]);
          ticks += Long.parseLong(stat[15]) + Long.parseLong(stat[16]);
        } else if (Long.parseLong(stat[3]) == postmaster) {
          ticks += Long.parseLong(stat[13]) + Long.parseLong(stat[14]);
        }
      }
    } catch (IOException e) {
      return 0;
    }
    // USER_HZ is 100 on Linux.
    return ticks * 10_000_000L;
  }

  /**
   * CPU of this JVM's JIT compiler threads ({@code C1/C2 CompilerThre…}) and garbage collector
   * threads ({@code GC Thread#…}, {@code G1 …}), from /proc/self/task, in nanoseconds: while a
   * phase still compiles, the compiler's share is warm-up, not cost per delivery.
   */
  private static long[] jitAndGcNanos() {
    long jit = 0;
    long gc = 0;
    try (var tasks = Files.list(Path.of("/proc/self/task"))) {
      for (Path task : tasks.toList()) {
        String[] stat = stat(task.resolve("stat"));
        if (stat == null) {
          continue;
        }
        String name = stat[1];
        long ticks = Long.parseLong(stat[13]) + Long.parseLong(stat[14]);
        if (name.contains("CompilerThre")) {
          jit += ticks;
        } else if (name.startsWith("GC Thread") || name.startsWith("G1 ")) {
          gc += ticks;
        }
      }
    } catch (IOException | RuntimeException e) {
      return new long[] {0, 0};
    }
    return new long[] {jit * 10_000_000L, gc * 10_000_000L};
  }

  /** /proc/PID/stat split into fields (field 1 is the pid, 4 the parent), or null. */
  private static String[] stat(long pid) {
    return stat(Path.of("/proc", Long.toString(pid), "stat"));
  }

  /** A /proc stat file split into fields, or null. */
  private static String[] stat(Path file) {
    try {
      String raw = Files.readString(file);
      // The command name (field 2) may hold spaces; it ends at the last ')'.
      int close = raw.lastIndexOf(')');
      String[] rest = raw.substring(close + 2).trim().split(" ");
      String[] fields = new String[rest.length + 2];
      fields[0] = raw.substring(0, raw.indexOf(' '));
      fields[1] = raw.substring(raw.indexOf('(') + 1, close);
      System.arraycopy(rest, 0, fields, 2, rest.length);
      return fields;
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  private static void print(String format, Object... args) {
    System.out.printf(format + "%n", args);
    System.out.flush();
  }

  /** A receiver on 127.0.0.1 that answers 204 (after {@code delay}) and counts by path. */
  static final class Sink implements AutoCloseable {

    private final HttpServer server;
    private final Map<String, CountDownLatch> expected = new ConcurrentHashMap<>();
    private final Map<String, Long> firstArrival = new ConcurrentHashMap<>();

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
            String path = exchange.getRequestURI().getPath();
            firstArrival.putIfAbsent(path, System.nanoTime());
            CountDownLatch latch = expected.get(path);
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

    long firstArrival(String path) {
      return firstArrival.getOrDefault(path, System.nanoTime());
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
