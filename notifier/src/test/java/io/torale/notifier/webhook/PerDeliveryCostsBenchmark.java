package io.torale.notifier.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import io.apicurio.registry.serde.avro.DefaultAvroDatumProvider;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.torale.notifier.avro.SchemaInstanceDatumProvider;
import io.torale.notifier.delivery.NotificationPayload;
import io.torale.schemas.v1.ConditionMet;
import io.torale.schemas.v1.NotificationDelivery;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntConsumer;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * CPU per call of the per-delivery steps that issue 13's profile pointed at, the way they were
 * before and the way they are now, alternated in one JVM on one thread (thread CPU time, so the
 * machine's load distorts little). Not part of {@code verify} (the name does not end in Test or
 * IT): {@code ./mvnw -B -pl notifier test -Dtest=PerDeliveryCostsBenchmark
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class PerDeliveryCostsBenchmark {

  private static final int CALLS = Integer.getInteger("bench.calls", 20_000);
  private static final int ROUNDS = 3;
  private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
  private static volatile Object sink;

  @Test
  void beforeAndAfter() {
    NotificationPayload payload =
        new NotificationPayload(
            "evt-1",
            "task-1-2026-01-01T00:00:00Z",
            "0b7c1c3e-6f0e-4a53-9a51-5c1a3e1d2f10",
            "Next iPhone release date",
            "When is the next iPhone release date announced?",
            "An official date is confirmed",
            "bench",
            Map.of("team", "mobile"),
            "Apple confirmed September 9 <b>2026</b>.",
            "A date was announced",
            List.of(new NotificationPayload.Source("Apple Newsroom", "https://apple.com/")),
            Instant.parse("2026-01-01T00:00:00.123Z"),
            List.of());
    String body = WebhookBody.json(payload);
    String secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    var prepared = WebhookSigner.prepare(secret);
    String traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    Pattern regex = Pattern.compile("00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");
    NotificationDelivery record =
        NotificationDelivery.newBuilder()
            .setDeliveryId("d")
            .setEventId("e")
            .setTaskId("t")
            .setChannel(io.torale.schemas.v1.Channel.WEBHOOK)
            .setTarget("http://127.0.0.1/…")
            .setAttempt(1)
            .setStatus(io.torale.schemas.v1.DeliveryStatus.DELIVERED)
            .setHttpStatus(204)
            .setAttemptedAt(Instant.now())
            .build();
    var defaultProvider = new DefaultAvroDatumProvider<Object>(true);
    var instanceProvider = new SchemaInstanceDatumProvider<Object>();
    instanceProvider.setUseSpecificAvroReader(true);
    var registry = new SimpleMeterRegistry();
    Map<String, Counter> counters = new ConcurrentHashMap<>();

    Map<String, IntConsumer[]> steps = new LinkedHashMap<>();
    steps.put(
        "Avro writer lookup (NotificationDelivery)",
        new IntConsumer[] {
          i -> sink = defaultProvider.createDatumWriter(record, record.getSchema()),
          i -> sink = instanceProvider.createDatumWriter(record, record.getSchema())
        });
    steps.put(
        "Avro reader lookup (ConditionMet)",
        new IntConsumer[] {
          i -> sink = defaultProvider.createDatumReader(ConditionMet.getClassSchema()),
          i -> sink = instanceProvider.createDatumReader(ConditionMet.getClassSchema())
        });
    steps.put(
        "webhook body JSON",
        new IntConsumer[] {i -> sink = mapBody(payload), i -> sink = WebhookBody.json(payload)});
    steps.put(
        "HMAC signature",
        new IntConsumer[] {
          i -> sink = WebhookSigner.sign(secret, "d" + i, 1_700_000_000L, body),
          i -> sink = WebhookSigner.sign(prepared, "d" + i, 1_700_000_000L, body)
        });
    steps.put(
        "traceparent check",
        new IntConsumer[] {
          i -> sink = regex.matcher(traceparent).matches(),
          i -> sink = AttemptSpan.isTraceparent(traceparent)
        });
    steps.put(
        "attempt counter",
        new IntConsumer[] {
          i ->
              Counter.builder("torale.delivery.attempts")
                  .tag("channel", "webhook")
                  .tag("outcome", "delivered")
                  .register(registry)
                  .increment(),
          i ->
              counters
                  .computeIfAbsent(
                      "webhook delivered",
                      k ->
                          Counter.builder("torale.delivery.attempts")
                              .tag("channel", "webhook")
                              .tag("outcome", "delivered")
                              .register(registry))
                  .increment()
        });

    double savedMicros = 0;
    for (var step : steps.entrySet()) {
      double[] best = {Double.MAX_VALUE, Double.MAX_VALUE};
      for (int round = 0; round < ROUNDS; round++) {
        for (int variant = 0; variant < 2; variant++) {
          best[variant] = Math.min(best[variant], microsPerCall(step.getValue()[variant]));
        }
      }
      savedMicros += best[0] - best[1];
      System.out.printf(
          "BENCH %-42s before %7.2f us  after %7.2f us  saved %7.2f us per call%n",
          step.getKey(), best[0], best[1], best[0] - best[1]);
    }
    System.out.printf(
        "BENCH saved per delivery: %.1f us (one call of each; the Avro reader and writer once each"
            + " per delivery), load %.2f%n",
        savedMicros, ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    assertThat(savedMicros).isPositive();
  }

  /** CPU of this thread per call, after as many calls of warm-up. */
  private static double microsPerCall(IntConsumer call) {
    for (int i = 0; i < CALLS; i++) {
      call.accept(i);
    }
    long start = THREADS.getCurrentThreadCpuTime();
    for (int i = 0; i < CALLS; i++) {
      call.accept(i);
    }
    return (THREADS.getCurrentThreadCpuTime() - start) / 1e3 / CALLS;
  }

  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** The body as it was built before (maps serialized by Jackson). */
  private static String mapBody(NotificationPayload p) {
    Map<String, Object> task = new LinkedHashMap<>();
    task.put("id", p.taskId());
    task.put("name", p.taskName());
    task.put("search_query", p.searchQuery());
    task.put("condition", p.condition());
    task.put("owner", p.owner());
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("event_id", p.eventId());
    data.put("execution_id", p.executionId());
    data.put("task", task);
    data.put("context", p.context());
    data.put("answer", p.answer());
    data.put("what_changed", p.whatChanged());
    data.put(
        "sources",
        p.sources().stream()
            .map(
                s -> {
                  Map<String, String> source = new LinkedHashMap<>();
                  source.put("title", s.title());
                  source.put("url", s.url());
                  return source;
                })
            .toList());
    data.put(
        "fields",
        p.facts().stream()
            .map(
                f -> {
                  Map<String, String> field = new LinkedHashMap<>();
                  field.put("name", f.name());
                  field.put("type", f.type());
                  field.put("value", f.value());
                  return field;
                })
            .toList());
    data.put("found_at", p.foundAt().toString());
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("type", WebhookBody.TYPE);
    body.put("timestamp", p.foundAt().toString());
    body.put("data", data);
    return JSON.writeValueAsString(body);
  }
}
