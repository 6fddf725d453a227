package io.torale.notifier.delivery;

import io.torale.schemas.v1.DeliveryStatus;
import io.torale.schemas.v1.NotificationDelivery;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Publishes stored attempts ({@code delivery_attempts} rows not yet {@code published}) to Kafka and
 * marks them, in batches, on its own thread. An attempt is stored before anything is published, so
 * a Kafka outage or a crash only delays its record: the rows wait and go out when Kafka is back.
 *
 * <p>At least once: a crash between Kafka's acknowledgement and the mark publishes a record again;
 * consumers deduplicate by (delivery id, attempt, status). Rows are claimed {@code FOR UPDATE SKIP
 * LOCKED}, so instances share the work, and sent in id order, so one delivery's records reach its
 * partition in order unless a send fails between two of them (then a later retry is published after
 * the later record).
 */
@Component
public class DeliveryOutbox implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(DeliveryOutbox.class);
  private static final long SEND_TIMEOUT_SECONDS = 10;

  private final JdbcClient jdbc;
  private final TransactionTemplate transaction;
  private final DeliveryEvents events;
  private final DispatchProperties properties;
  private final Semaphore signal = new Semaphore(0);
  private volatile boolean running;
  private Thread loop;

  DeliveryOutbox(
      JdbcClient jdbc,
      TransactionTemplate transaction,
      DeliveryEvents events,
      DispatchProperties properties) {
    this.jdbc = jdbc;
    this.transaction = transaction;
    this.events = events;
    this.properties = properties;
  }

  /** New rows were stored: publish now rather than at the next poll. */
  public void wake() {
    if (signal.availablePermits() == 0) {
      signal.release();
    }
  }

  @Override
  public void start() {
    running = true;
    loop = Thread.ofVirtual().name("notifier-outbox").start(this::run);
  }

  @Override
  public void stop() {
    running = false;
    if (loop != null) {
      wake();
      try {
        loop.join(SEND_TIMEOUT_SECONDS * 1_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  private void run() {
    while (running) {
      int published = 0;
      try {
        published = publishBatch();
      } catch (RuntimeException e) {
        log.warn("Publishing delivery records failed; trying again: {}", e.toString());
      }
      if (published < properties.batchSize()) {
        try {
          signal.tryAcquire(properties.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
          signal.drainPermits();
        } catch (InterruptedException e) {
          return;
        }
      }
    }
  }

  /**
   * Sends one batch of unpublished rows and marks those Kafka acknowledged.
   *
   * @return how many were published
   */
  int publishBatch() {
    Integer published = transaction.execute(status -> publishLocked());
    return published == null ? 0 : published;
  }

  private int publishLocked() {
    List<Row> rows =
        jdbc.sql(
                """
                SELECT a.id, a.delivery_id, a.attempt, a.status, a.http_status, a.error,
                    a.attempted_at, a.next_attempt_at, d.event_id, d.task_id, d.channel,
                    d.target_redacted
                FROM delivery_attempts a JOIN deliveries d USING (delivery_id)
                WHERE NOT a.published ORDER BY a.id LIMIT ?
                FOR UPDATE OF a SKIP LOCKED
                """)
            .param(properties.batchSize())
            .query(DeliveryOutbox::row)
            .list();
    if (rows.isEmpty()) {
      return 0;
    }
    List<? extends CompletableFuture<?>> sends =
        rows.stream().map(r -> events.send(r.record())).toList();
    List<Long> acknowledged = new ArrayList<>();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SEND_TIMEOUT_SECONDS);
    for (int i = 0; i < rows.size(); i++) {
      try {
        sends.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        acknowledged.add(rows.get(i).id());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      } catch (Exception e) {
        log.warn("Delivery record {} not published yet: {}", rows.get(i).id(), e.toString());
      }
    }
    if (!acknowledged.isEmpty()) {
      jdbc.sql("UPDATE delivery_attempts SET published = true WHERE id = ANY(?)")
          .param(acknowledged.toArray(Long[]::new))
          .update();
    }
    return acknowledged.size();
  }

  private record Row(long id, NotificationDelivery record) {}

  private static Row row(ResultSet rs, int rowNum) throws SQLException {
    Timestamp next = rs.getTimestamp("next_attempt_at");
    NotificationDelivery record =
        NotificationDelivery.newBuilder()
            .setDeliveryId(rs.getString("delivery_id"))
            .setEventId(rs.getString("event_id"))
            .setTaskId(rs.getString("task_id"))
            .setChannel(io.torale.schemas.v1.Channel.valueOf(rs.getString("channel")))
            .setTarget(rs.getString("target_redacted"))
            .setAttempt(rs.getInt("attempt"))
            .setStatus(DeliveryStatus.valueOf(rs.getString("status")))
            .setHttpStatus((Integer) rs.getObject("http_status"))
            .setError(rs.getString("error"))
            .setAttemptedAt(rs.getTimestamp("attempted_at").toInstant())
            .setNextAttemptAt(next == null ? null : next.toInstant())
            .build();
    return new Row(rs.getLong("id"), record);
  }
}
