package io.torale.notifier.email;

import io.torale.notifier.delivery.Delivery;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The per-recipient hourly limit and the per-owner daily cap, counted in PostgreSQL so that every
 * instance sees the same counts. An email counts from its first attempt ({@code quota_at}); its
 * retries do not count again. A check holds two transaction-scoped advisory locks, its recipient's
 * and its owner's (always in that order, so two checks never wait on each other in a cycle): two
 * instances cannot both take a recipient's or an owner's last slot, while emails to other
 * recipients of other owners are checked side by side. The locks end with the check's short
 * transaction, never held across a send; a check that cannot get them within {@link #LOCK_TIMEOUT}
 * is deferred, not left waiting.
 */
@Component
class EmailQuota {

  /** Advisory lock classes (the first key of {@code pg_advisory_xact_lock(int, int)}). */
  private static final int RECIPIENT_LOCKS = 0x746f7201;

  private static final int OWNER_LOCKS = 0x746f7202;
  static final String LOCK_TIMEOUT = "5s";

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
   * @throws org.springframework.dao.DataAccessException when the limits could not be checked (e.g.
   *     the locks were busy for {@link #LOCK_TIMEOUT}): try again later
   */
  String reserve(Delivery delivery) {
    return transaction.execute(status -> reserveLocked(delivery));
  }

  private String reserveLocked(Delivery delivery) {
    jdbc.sql("SELECT set_config('lock_timeout', ?, true)")
        .param(LOCK_TIMEOUT)
        .query(String.class)
        .single();
    jdbc.sql(
            """
            SELECT pg_advisory_xact_lock(:recipients, hashtext(:target)),
                pg_advisory_xact_lock(:owners, hashtext(:owner))
            """)
        .param("recipients", RECIPIENT_LOCKS)
        .param("target", delivery.target())
        .param("owners", OWNER_LOCKS)
        .param("owner", delivery.owner())
        .query((row, n) -> 1)
        .single();
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
