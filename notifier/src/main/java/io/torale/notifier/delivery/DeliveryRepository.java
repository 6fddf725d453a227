package io.torale.notifier.delivery;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@code deliveries} and {@code delivery_attempts} tables. Each method is one statement, so
 * atomic on its own; callers that need more open a transaction around it.
 */
@Repository
public class DeliveryRepository {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final JdbcClient jdbc;

  private final NamedParameterJdbcTemplate named;

  DeliveryRepository(JdbcClient jdbc, NamedParameterJdbcTemplate named) {
    this.jdbc = jdbc;
    this.named = named;
  }

  /**
   * Records pending deliveries, skipping those whose id exists, as one JDBC batch (one round trip
   * for the lot). Rows are inserted in id order, so concurrent intakes lock in the same order.
   *
   * @return how many rows were inserted (the others were duplicates)
   */
  public int insertPending(List<NewDelivery> deliveries) {
    if (deliveries.isEmpty()) {
      return 0;
    }
    SqlParameterSource[] rows =
        deliveries.stream()
            .sorted(Comparator.comparing(NewDelivery::id))
            .map(
                delivery ->
                    new MapSqlParameterSource()
                        .addValue("id", delivery.id())
                        .addValue("eventId", delivery.eventId())
                        .addValue("taskId", delivery.taskId())
                        .addValue("owner", delivery.owner())
                        .addValue("channel", delivery.channel().name())
                        .addValue("target", delivery.target())
                        .addValue("redacted", delivery.targetRedacted())
                        .addValue("payload", JSON.writeValueAsString(delivery.payload())))
            .toArray(SqlParameterSource[]::new);
    int[] counts =
        named.batchUpdate(
            """
            INSERT INTO deliveries (delivery_id, event_id, task_id, owner, channel, target,
                target_redacted, status, payload)
            VALUES (:id, :eventId, :taskId, :owner, :channel, :target, :redacted, 'PENDING',
                CAST(:payload AS JSONB))
            ON CONFLICT (delivery_id) DO NOTHING
            """,
            rows);
    return Arrays.stream(counts).map(c -> c > 0 ? 1 : 0).sum();
  }

  /**
   * Claims up to {@code limit} due deliveries by leasing them for {@code lease} ({@code
   * leased_until}, a column in no index, so the claim is a HOT update). {@code SKIP LOCKED} lets
   * several notifier instances claim side by side without waiting on each other; a claim whose
   * holder dies becomes due again when the lease runs out. Each row comes with what the attempt
   * needs besides it (whether its webhook endpoint is disabled, the event's trace), which saves the
   * attempt two round trips. Rows of the {@code busy} targets (those with claimed deliveries still
   * waiting for a turn here) are left for later or for another instance.
   */
  public List<Delivery> claimDue(int limit, Duration lease, String[] busy) {
    // Taken before the query: the lease in PostgreSQL starts later, so this end is never late.
    long leaseEnds = System.nanoTime() + lease.toNanos();
    return jdbc.sql(
            """
            UPDATE deliveries d SET leased_until = now() + make_interval(secs => :lease)
            FROM (SELECT delivery_id FROM deliveries
                  WHERE status IN ('PENDING', 'RETRY_SCHEDULED') AND next_attempt_at <= now()
                    AND (leased_until IS NULL OR leased_until <= now())
                    AND NOT (target = ANY(:busy))
                  ORDER BY next_attempt_at LIMIT :limit
                  FOR UPDATE SKIP LOCKED) due
            WHERE d.delivery_id = due.delivery_id
            RETURNING d.*,
                EXISTS (SELECT 1 FROM webhook_endpoints e
                        WHERE d.channel = 'WEBHOOK' AND e.owner = d.owner AND e.url = d.target
                          AND e.disabled_at IS NOT NULL) AS endpoint_disabled,
                (SELECT t.traceparent FROM event_traces t WHERE t.event_id = d.event_id)
                    AS traceparent
            """)
        .param("lease", lease.toMillis() / 1000.0)
        .param("limit", limit)
        .param("busy", busy)
        .query((row, n) -> map(row, leaseEnds))
        .list();
  }

  /** One attempt's outcome to store. */
  public record Attempt(
      String deliveryId,
      int attempt,
      Status status,
      Integer httpStatus,
      String error,
      Instant nextAt) {}

  /**
   * Stores many attempts' outcomes in one statement: each delivery's new state and, in the same
   * statement, its {@code delivery_attempts} row and that row's {@code delivery_outbox} marker for
   * the {@link DeliveryOutbox}. The guard on {@code attempts} fences off a holder whose lease ran
   * out while another instance already recorded that attempt. A delivered webhook also ends its
   * endpoint's run of failures here (a healthy endpoint's row is not touched); failures are counted
   * by the webhook package's observer.
   *
   * @return the attempts stored (the others were fenced off), each with the id of its outbox row
   */
  public List<Stored> recordAttempts(List<Attempt> attempts) {
    int n = attempts.size();
    String[] ids = new String[n];
    Integer[] numbers = new Integer[n];
    String[] statuses = new String[n];
    Integer[] httpStatuses = new Integer[n];
    String[] errors = new String[n];
    Long[] nextAts = new Long[n];
    for (int i = 0; i < n; i++) {
      Attempt a = attempts.get(i);
      ids[i] = a.deliveryId();
      numbers[i] = a.attempt();
      statuses[i] = a.status().name();
      httpStatuses[i] = a.httpStatus();
      errors[i] = a.error();
      nextAts[i] = a.nextAt() == null ? null : a.nextAt().toEpochMilli();
    }
    return jdbc.sql(
            """
                WITH outcome AS (
                    SELECT * FROM unnest(CAST(:ids AS TEXT[]), CAST(:attempts AS INT[]),
                        CAST(:statuses AS TEXT[]), CAST(:httpStatuses AS INT[]),
                        CAST(:errors AS TEXT[]), CAST(:nextAts AS BIGINT[]))
                        AS o(delivery_id, attempt, status, http_status, error, next_ms)),
                finished AS (
                    UPDATE deliveries d SET status = o.status, attempts = o.attempt,
                        http_status = o.http_status, last_error = o.error,
                        next_attempt_at = COALESCE(to_timestamp(o.next_ms / 1000.0),
                            d.next_attempt_at),
                        leased_until = NULL, updated_at = now()
                    FROM outcome o
                    WHERE d.delivery_id = o.delivery_id AND d.attempts = o.attempt - 1
                    RETURNING d.delivery_id, d.channel, d.owner, d.target, o.attempt, o.status,
                        o.http_status, o.error, o.next_ms),
                healthy AS (
                    UPDATE webhook_endpoints e SET consecutive_failures = 0, updated_at = now()
                    FROM (SELECT DISTINCT owner, target FROM finished
                          WHERE status = 'DELIVERED' AND channel = 'WEBHOOK') f
                    WHERE e.owner = f.owner AND e.url = f.target AND e.consecutive_failures > 0),
                stored AS (
                    INSERT INTO delivery_attempts (delivery_id, attempt, status, http_status,
                        error, next_attempt_at)
                    SELECT delivery_id, attempt, status, http_status, error,
                        to_timestamp(next_ms / 1000.0)
                    FROM finished
                    RETURNING id, delivery_id, attempted_at),
                marked AS (
                    INSERT INTO delivery_outbox (attempt_id) SELECT id FROM stored)
                SELECT id, delivery_id, attempted_at FROM stored
                """)
        .param("ids", ids)
        .param("attempts", numbers)
        .param("statuses", statuses)
        .param("httpStatuses", httpStatuses)
        .param("errors", errors)
        .param("nextAts", nextAts)
        .query(
            (row, i) ->
                new Stored(
                    row.getString("delivery_id"),
                    row.getLong("id"),
                    row.getTimestamp("attempted_at").toInstant()))
        .list();
  }

  /** An attempt row as stored: its id and time, for its record. */
  public record Stored(String deliveryId, long attemptId, Instant attemptedAt) {}

  /** Gives claimed deliveries back without counting an attempt, due again after {@code delay}. */
  public void giveBack(List<String> ids, Duration delay) {
    if (ids.isEmpty()) {
      return;
    }
    jdbc.sql(
            """
            UPDATE deliveries SET leased_until = now() + make_interval(secs => :delay)
            WHERE delivery_id = ANY(:ids) AND status IN ('PENDING', 'RETRY_SCHEDULED')
            """)
        .param("delay", delay.toMillis() / 1000.0)
        .param("ids", ids.toArray(String[]::new))
        .update();
  }

  /** Gives a claimed delivery back without counting an attempt (it could not be made now). */
  public void defer(String id, Duration delay) {
    jdbc.sql(
            """
            UPDATE deliveries SET leased_until = now() + make_interval(secs => :delay)
            WHERE delivery_id = :id AND status IN ('PENDING', 'RETRY_SCHEDULED')
            """)
        .param("delay", delay.toMillis() / 1000.0)
        .param("id", id)
        .update();
  }

  /**
   * Stores an attempt row that changes nothing on the delivery (an endpoint event), with its outbox
   * marker.
   */
  public Stored insertAttempt(String id, int attempt, String status, String error) {
    return jdbc.sql(
            """
            WITH stored AS (
                INSERT INTO delivery_attempts (delivery_id, attempt, status, error)
                VALUES (:id, :attempt, :status, :error)
                RETURNING id, delivery_id, attempted_at),
            marked AS (INSERT INTO delivery_outbox (attempt_id) SELECT id FROM stored)
            SELECT id, delivery_id, attempted_at FROM stored
            """)
        .param("id", id)
        .param("attempt", attempt)
        .param("status", status)
        .param("error", error)
        .query(
            (row, i) ->
                new Stored(
                    row.getString("delivery_id"),
                    row.getLong("id"),
                    row.getTimestamp("attempted_at").toInstant()))
        .single();
  }

  static Delivery map(ResultSet row, long leaseEndsNanos) throws SQLException {
    return new Delivery(
        row.getString("delivery_id"),
        row.getString("event_id"),
        row.getString("task_id"),
        row.getString("owner"),
        Channel.valueOf(row.getString("channel")),
        row.getString("target"),
        row.getString("target_redacted"),
        Status.valueOf(row.getString("status")),
        row.getInt("attempts"),
        JSON.readValue(row.getString("payload"), NotificationPayload.class),
        row.getBoolean("endpoint_disabled"),
        row.getString("traceparent"),
        leaseEndsNanos);
  }
}
