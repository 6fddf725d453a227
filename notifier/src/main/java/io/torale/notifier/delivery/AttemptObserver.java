package io.torale.notifier.delivery;

/** Told about every recorded attempt; the webhook channel keeps endpoint health with it. */
public interface AttemptObserver {

  /**
   * @return a reason when this attempt got the delivery's target disabled, else null
   */
  String afterAttempt(Delivery delivery, Outcome outcome);
}
