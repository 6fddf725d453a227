package io.torale.notifier.delivery;

/** A delivery's state in the {@code deliveries} table. */
public enum Status {
  /** Recorded, not yet attempted. */
  PENDING,
  /** Attempted and failed; due again at {@code next_attempt_at}. */
  RETRY_SCHEDULED,
  DELIVERED,
  /** Out of attempts, or the endpoint is gone or disabled. */
  FAILED,
  /** Over a rate limit: recorded, deliberately not sent. */
  SUPPRESSED,
  /** The target is not allowed (e.g. a webhook URL resolving to a private address). */
  REFUSED,
  /** Not attempted: its webhook endpoint is disabled for this owner. */
  ENDPOINT_DISABLED;

  public boolean isFinal() {
    return this != PENDING && this != RETRY_SCHEDULED;
  }
}
