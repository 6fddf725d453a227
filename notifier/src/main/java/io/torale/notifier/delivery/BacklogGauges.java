package io.torale.notifier.delivery;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * {@code torale.deliveries.backlog} (Prometheus {@code torale_deliveries_backlog}): deliveries
 * still to be attempted, by {@code channel} and {@code state}: {@code due} (their time has come: a
 * growing value means the dispatchers fall behind) or {@code scheduled} (waiting for a later step
 * of the retry ladder); deliveries claimed by an instance (leased) are in neither. Shared by all
 * instances (one table), so sum by instance with max, not sum. Read from PostgreSQL at most every
 * {@link #MAX_AGE}, so scrapes stay cheap.
 */
@Component
class BacklogGauges {

  static final Duration MAX_AGE = Duration.ofSeconds(10);

  private final JdbcClient jdbc;
  private Map<String, Long> counts = Map.of();
  private long readAtNanos;

  BacklogGauges(JdbcClient jdbc, MeterRegistry registry) {
    this.jdbc = jdbc;
    for (Channel channel : Channel.values()) {
      for (String state : new String[] {"due", "scheduled"}) {
        String key = channel.name() + "/" + state;
        Gauge.builder("torale.deliveries.backlog", () -> count(key))
            .description("Deliveries still to be attempted, by channel and state")
            .tag("channel", channel.name().toLowerCase(Locale.ROOT))
            .tag("state", state)
            .register(registry);
      }
    }
  }

  private synchronized long count(String key) {
    if (readAtNanos == 0 || System.nanoTime() - readAtNanos > MAX_AGE.toNanos()) {
      counts = read();
      readAtNanos = System.nanoTime();
    }
    return counts.getOrDefault(key, 0L);
  }

  private Map<String, Long> read() {
    Map<String, Long> read = new HashMap<>();
    jdbc.sql(
            """
            SELECT channel, next_attempt_at <= now() AS due, count(*) AS n FROM deliveries
            WHERE status IN ('PENDING', 'RETRY_SCHEDULED')
              AND (leased_until IS NULL OR leased_until <= now())
            GROUP BY 1, 2
            """)
        .query(
            (RowCallbackHandler)
                row ->
                    read.put(
                        row.getString("channel")
                            + "/"
                            + (row.getBoolean("due") ? "due" : "scheduled"),
                        row.getLong("n")));
    return read;
  }
}
