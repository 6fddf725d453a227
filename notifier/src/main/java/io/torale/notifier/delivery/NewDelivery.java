package io.torale.notifier.delivery;

/** A delivery to record as pending: one (event, channel, target). */
public record NewDelivery(
    String eventId,
    String taskId,
    String owner,
    Channel channel,
    String target,
    NotificationPayload payload) {

  public NewDelivery {
    target = DeliveryIds.normalise(channel, target);
  }

  public String id() {
    return DeliveryIds.of(eventId, channel, target);
  }

  public String targetRedacted() {
    return Redaction.redact(channel, target);
  }
}
