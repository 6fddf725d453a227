package io.torale.notifier.email;

import io.torale.notifier.delivery.Delivery;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The per-recipient hourly limit and the per-owner daily cap, counted in PostgreSQL so that every
 * instance sees the same counts. An email counts from its first attempt ({@code quota_at}); its
 * retries do not count again. Checks run under one advisory lock, so two instances cannot both take
 * the last slot.
 */
@Component
class EmailQuota {

  private static final long LOCK_KEY = 0x746f72616c65L; // "torale"

  private final JdbcClient jdbc;
  private final TransactionTemplate transaction;
  private final EmailProperties properties;

  EmailQuota(JdbcClient jdbc, TransactionTemplate transaction, EmailProperties properties) {
    this.jdbc = jdbc;
    this.transaction = transaction;
    this.properties = properties;
  }

  /**
   * Counts this delivery against the limits.
   *
   * @return null when it may be sent, else which limit it is over
   */
  String reserve(Delivery delivery) {
    return transaction.execute(status -> reserveLocked(delivery));
  }

  private String reserveLocked(Delivery delivery) {
    jdbc.sql("SELECT pg_advisory_xact_lock(?)").param(LOCK_KEY).query(Object.class).single();
    boolean counted =
        jdbc.sql("SELECT quota_at IS NOT NULL FROM deliveries WHERE delivery_id = ?")
            .param(delivery.id())
            .query(Boolean.class)
            .single();
    if (counted) {
      return null;
    }
    long recipient =
        count("target = ? AND quota_at > now() - interval '1 hour'", delivery.target());
    if (recipient >= properties.perRecipientHourly()) {
      return "over the per-recipient limit of " + properties.perRecipientHourly() + " per hour";
    }
    long owner = count("owner = ? AND quota_at > now() - interval '1 day'", delivery.owner());
    if (owner >= properties.perOwnerDaily()) {
      return "over the owner's daily cap of " + properties.perOwnerDaily();
    }
    jdbc.sql("UPDATE deliveries SET quota_at = now() WHERE delivery_id = ?")
        .param(delivery.id())
        .update();
    return null;
  }

  private long count(String where, String value) {
    return jdbc.sql("SELECT count(*) FROM deliveries WHERE channel = 'EMAIL' AND " + where)
        .param(value)
        .query(Long.class)
        .single();
  }
}
