package io.torale.notifier.delivery;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.UUID;

/**
 * Delivery ids are name-based UUIDs of (event id, channel, normalised target): the same event
 * recorded twice yields the same ids, which is how duplicates are refused by the primary key. The
 * id is also the webhook's {@code webhook-id}, so a receiver sees the same id on every retry.
 */
public final class DeliveryIds {

  private DeliveryIds() {}

  public static String of(String eventId, Channel channel, String target) {
    String name = eventId + "\n" + channel + "\n" + normalise(channel, target);
    return "msg_" + UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
  }

  /** Emails are case-insensitive in practice; URLs are compared as written, trimmed. */
  public static String normalise(Channel channel, String target) {
    String trimmed = target.trim();
    return channel == Channel.EMAIL ? trimmed.toLowerCase(Locale.ROOT) : trimmed;
  }
}
