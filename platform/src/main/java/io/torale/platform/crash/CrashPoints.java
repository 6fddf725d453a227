package io.torale.platform.crash;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Named places where a test may stop the process abruptly, as {@code kill -9} would, to prove that
 * the window right there loses nothing and doubles nothing. Off unless {@code torale.crash.point}
 * names a point; only the crash tests set it. At the named point the process halts with exit code
 * 137 ({@link Runtime#halt}: no shutdown hooks, no flushing, no graceful close of Kafka, database
 * or Temporal clients).
 */
public final class CrashPoints {

  /** command-consumer: Temporal was called, the database transaction is not yet committed. */
  public static final String BEFORE_DB_COMMIT = "command-consumer.before-db-commit";

  /** command-consumer: the database committed, the Kafka transaction (result + offset) did not. */
  public static final String BEFORE_RESULT_COMMIT = "command-consumer.before-result-commit";

  /** notifier: a webhook was answered 2xx by its receiver, the attempt is not yet recorded. */
  public static final String AFTER_WEBHOOK_SENT = "notifier.after-webhook-sent";

  /** notifier: the SMTP server accepted an email, the attempt is not yet recorded. */
  public static final String AFTER_EMAIL_SENT = "notifier.after-email-sent";

  private static final Logger log = LoggerFactory.getLogger(CrashPoints.class);

  private final String armed;

  public CrashPoints(CrashProperties properties) {
    this.armed = properties.point() == null ? "" : properties.point().trim();
    if (!armed.isEmpty()) {
      log.warn("Crash point {} is armed: this process will halt when it gets there", armed);
    }
  }

  /** Halts the process if {@code point} is the armed one. */
  public void reach(String point) {
    if (armed.equals(point)) {
      log.warn("Halting at crash point {}", point);
      Runtime.getRuntime().halt(137);
    }
  }
}
