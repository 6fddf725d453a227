package io.torale.notifier.delivery;

/**
 * One row of {@code deliveries} as the dispatcher claims it.
 *
 * @param attempts attempts made before this one
 * @param endpointDisabled whether its webhook endpoint was disabled when it was claimed
 * @param traceparent the trace of its event's intake, or null
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
    String traceparent) {

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
