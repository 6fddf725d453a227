package io.torale.notifier.delivery;

/**
 * Makes one attempt of a delivery on one channel. Implementations block (they run on their own
 * virtual thread), never throw for a failed delivery, and report it as an {@link Outcome}.
 */
public interface ChannelSender {

  Channel channel();

  /** The retry schedule of this channel. */
  RetryLadder ladder();

  Outcome send(Delivery delivery);
}
