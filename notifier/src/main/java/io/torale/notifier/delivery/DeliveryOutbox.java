package io.torale.notifier.delivery;

import io.torale.schemas.v1.DeliveryStatus;
import io.torale.schemas.v1.NotificationDelivery;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Publishes stored attempts to Kafka. Each stored attempt has a marker in {@code delivery_outbox},
 * written in the statement that stores it; the marker is deleted once Kafka acknowledged the
 * record. The {@link DeliveryRecorder} hands over what it just stored ({@link #publish}), which is
 * sent at once, from memory, in id order; a relay on its own thread sends what is left (markers
 * older than {@link #LEFTOVER_AGE}: a Kafka outage, a crash), claimed {@code FOR UPDATE SKIP
 * LOCKED} so instances share it. A Kafka outage or a crash delays records, never loses them.
 *
 * <p>At least once: a crash between Kafka's acknowledgement and the marker's deletion, or a direct
 * send slower than {@link #LEFTOVER_AGE}, publishes a record again; consumers deduplicate by
 * (delivery id, attempt, status). One delivery's records reach its partition in order unless a send
 * fails between two of them (then the earlier one follows the later).
 */
@Component
public class DeliveryOutbox implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(DeliveryOutbox.class);
  private static final long SEND_TIMEOUT_SECONDS = 10;

  /** Markers older than this are the relay's; younger ones are being sent directly. */
  static final Duration LEFTOVER_AGE = Duration.ofSeconds(5);

  private final JdbcClient jdbc;
  private final TransactionTemplate transaction;
  private final DeliveryEvents events;
  private final DispatchProperties properties;
  private final Semaphore signal = new Semaphore(0);
  private final Queue<Long> acknowledged = new ConcurrentLinkedQueue<>();
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

  /** A stored attempt's record and its outbox marker. */
  public record Row(long id, NotificationDelivery record) {}

  /**
   * Sends records just stored, in the order given; their markers are deleted, in batches, once
   * Kafka acknowledged them. Returns at once; a failed send leaves its marker for the relay.
   */
  public void publish(List<Row> rows) {
    for (Row row : rows) {
      events
          .send(row.record())
          .whenComplete(
              (ok, failed) -> {
                if (failed == null) {
                  acknowledged.add(row.id());
                  wake();
                } else {
                  log.warn("Delivery record {} not published yet: {}", row.id(), failed.toString());
                }
              });
    }
  }

  /** Acknowledged records to clear, or leftovers: work now rather than at the next poll. */
  void wake() {
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
    long nextRelay = 0;
    while (running || !acknowledged.isEmpty()) {
      int relayed = 0;
      try {
        clearAcknowledged();
        if (System.nanoTime() - nextRelay >= 0) {
          relayed = publishLeftovers();
          nextRelay = System.nanoTime() + properties.pollInterval().toNanos();
        }
      } catch (RuntimeException e) {
        log.warn("Publishing delivery records failed; trying again: {}", e.toString());
      }
      if (relayed < properties.batchSize()) {
        try {
          signal.tryAcquire(properties.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
          signal.drainPermits();
        } catch (InterruptedException e) {
          return;
        }
      }
    }
  }

  /** Deletes the markers of acknowledged records, all of them in one statement. */
  private void clearAcknowledged() {
    List<Long> ids = new ArrayList<>();
    for (Long id; (id = acknowledged.poll()) != null; ) {
      ids.add(id);
    }
    if (!ids.isEmpty()) {
      jdbc.sql("DELETE FROM delivery_outbox WHERE attempt_id = ANY(?)")
          .param(ids.toArray(Long[]::new))
          .update();
    }
  }

  /**
   * Sends one batch of leftover records (markers older than {@link #LEFTOVER_AGE}) and deletes the
   * markers of those Kafka acknowledged.
   *
   * @return how many were published
   */
  int publishLeftovers() {
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
                FROM delivery_outbox o
                JOIN delivery_attempts a ON a.id = o.attempt_id
                JOIN deliveries d USING (delivery_id)
                WHERE o.created_at < now() - make_interval(secs => :age)
                ORDER BY o.attempt_id LIMIT :limit
                FOR UPDATE OF o SKIP LOCKED
                """)
            .param("age", LEFTOVER_AGE.toMillis() / 1000.0)
            .param("limit", properties.batchSize())
            .query(DeliveryOutbox::row)
            .list();
    if (rows.isEmpty()) {
      return 0;
    }
    List<? extends CompletableFuture<?>> sends =
        rows.stream().map(r -> events.send(r.record())).toList();
    List<Long> sent = new ArrayList<>();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(SEND_TIMEOUT_SECONDS);
    for (int i = 0; i < rows.size(); i++) {
      try {
        sends.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        sent.add(rows.get(i).id());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      } catch (Exception e) {
        log.warn("Delivery record {} not published yet: {}", rows.get(i).id(), e.toString());
      }
    }
    if (!sent.isEmpty()) {
      jdbc.sql("DELETE FROM delivery_outbox WHERE attempt_id = ANY(?)")
          .param(sent.toArray(Long[]::new))
          .update();
    }
    return sent.size();
  }

  /** The record of a stored attempt, built from what the recorder has in memory. */
  public static NotificationDelivery record(
      Delivery delivery,
      DeliveryRepository.Stored stored,
      int attempt,
      Status status,
      Integer httpStatus,
      String error,
      java.time.Instant nextAt) {
    return NotificationDelivery.newBuilder()
        .setDeliveryId(delivery.id())
        .setEventId(delivery.eventId())
        .setTaskId(delivery.taskId())
        .setChannel(io.torale.schemas.v1.Channel.valueOf(delivery.channel().name()))
        .setTarget(delivery.targetRedacted())
        .setAttempt(attempt)
        .setStatus(DeliveryStatus.valueOf(status.name()))
        .setHttpStatus(httpStatus)
        .setError(error)
        .setAttemptedAt(stored.attemptedAt())
        .setNextAttemptAt(nextAt)
        .build();
  }

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
