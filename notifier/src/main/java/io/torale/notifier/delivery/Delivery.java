package io.torale.notifier.delivery;

import java.time.Duration;

/**
 * One row of {@code deliveries} as the dispatcher claims it.
 *
 * @param attempts attempts made before this one
 * @param endpointDisabled whether its webhook endpoint was disabled when it was claimed
 * @param traceparent the trace of its event's intake, or null
 * @param leaseEndsNanos when this instance's claim on it ends ({@link System#nanoTime()} scale): no
 *     attempt may still run then, or another instance may make the same attempt
 */
public record Delivery(
    String id,
    String eventId,
    String taskId,
    String owner,
    Channel channel,
    String target,
    String targetRedacted,
    Status status,
    int attempts,
    NotificationPayload payload,
    boolean endpointDisabled,
    String traceparent,
    long leaseEndsNanos) {

  /** Whether an attempt that may take {@code longest} can still start and end within the lease. */
  public boolean leaseAllows(Duration longest) {
    return System.nanoTime() + longest.toNanos() < leaseEndsNanos;
  }

  /** The number of the attempt about to be made (1-based). */
  public int nextAttempt() {
    return attempts + 1;
  }

  @Override
  public String toString() {
    return "Delivery["
        + id
        + ", "
        + channel
        + " "
        + targetRedacted
        + ", attempts="
        + attempts
        + "]";
  }
}
