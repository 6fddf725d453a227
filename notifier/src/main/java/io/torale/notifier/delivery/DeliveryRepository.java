package io.torale.notifier.delivery;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
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
   * Claims up to {@code limit} due deliveries by pushing their due time a {@code lease} ahead.
   * {@code SKIP LOCKED} lets several notifier instances claim side by side without waiting on each
   * other; a claim whose holder dies becomes due again when the lease runs out. Each row comes with
   * what the attempt needs besides it (whether its webhook endpoint is disabled, the event's
   * trace), which saves the attempt two round trips.
   */
  public List<Delivery> claimDue(int limit, Duration lease) {
    return jdbc.sql(
            """
            UPDATE deliveries d
            SET next_attempt_at = now() + make_interval(secs => :lease), updated_at = now()
            FROM (SELECT delivery_id FROM deliveries
                  WHERE status IN ('PENDING', 'RETRY_SCHEDULED') AND next_attempt_at <= now()
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
        .query(DeliveryRepository::map)
        .list();
  }

  /**
   * Stores the outcome of attempt {@code attempt} on the delivery and, in the same statement, as an
   * unpublished row of {@code delivery_attempts} for the {@link DeliveryOutbox}. The guard on
   * {@code attempts} fences off a holder whose lease ran out while another instance already
   * recorded this attempt. A delivered webhook also ends its endpoint's run of failures here (a
   * healthy endpoint's row is not touched), which saves every success a round trip; failures are
   * counted by the webhook package's observer.
   *
   * @return whether it was stored (false: fenced off)
   */
  public boolean recordAttempt(
      String id, int attempt, Status status, Integer httpStatus, String error, Instant nextAt) {
    return jdbc.sql(
                """
                WITH finished AS (
                    UPDATE deliveries SET status = :status, attempts = :attempt,
                        http_status = :httpStatus, last_error = :error,
                        next_attempt_at = COALESCE(:nextAt, next_attempt_at), updated_at = now()
                    WHERE delivery_id = :id AND attempts = :attempt - 1
                    RETURNING delivery_id, channel, owner, target),
                healthy AS (
                    UPDATE webhook_endpoints e SET consecutive_failures = 0, updated_at = now()
                    FROM finished f
                    WHERE :status = 'DELIVERED' AND f.channel = 'WEBHOOK'
                      AND e.owner = f.owner AND e.url = f.target
                      AND e.consecutive_failures > 0)
                INSERT INTO delivery_attempts (delivery_id, attempt, status, http_status, error,
                    next_attempt_at)
                SELECT delivery_id, :attempt, :status, CAST(:httpStatus AS INT),
                    CAST(:error AS TEXT), CAST(:nextAt AS TIMESTAMPTZ)
                FROM finished
                """)
            .param("status", status.name())
            .param("attempt", attempt)
            .param("httpStatus", httpStatus)
            .param("error", error)
            .param("nextAt", nextAt == null ? null : Timestamp.from(nextAt))
            .param("id", id)
            .update()
        == 1;
  }

  /** Gives a claimed delivery back without counting an attempt (its endpoint was busy). */
  public void defer(String id, Duration delay) {
    jdbc.sql(
            """
            UPDATE deliveries SET next_attempt_at = now() + make_interval(secs => :delay)
            WHERE delivery_id = :id AND status IN ('PENDING', 'RETRY_SCHEDULED')
            """)
        .param("delay", delay.toMillis() / 1000.0)
        .param("id", id)
        .update();
  }

  /** Stores an unpublished attempt row that changes nothing on the delivery (an endpoint event). */
  public void insertAttempt(
      String id, int attempt, String status, Integer httpStatus, String error, Instant nextAt) {
    jdbc.sql(
            """
            INSERT INTO delivery_attempts (delivery_id, attempt, status, http_status, error,
                next_attempt_at)
            VALUES (?, ?, ?, ?, ?, ?)
            """)
        .params(
            id, attempt, status, httpStatus, error, nextAt == null ? null : Timestamp.from(nextAt))
        .update();
  }

  static Delivery map(ResultSet row, int rowNum) throws SQLException {
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
        row.getString("traceparent"));
  }
}
