package io.torale.notifier.delivery;

/** How a delivery reaches its target. */
public enum Channel {
  EMAIL,
  WEBHOOK
}
