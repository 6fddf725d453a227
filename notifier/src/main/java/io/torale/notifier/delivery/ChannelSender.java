package io.torale.notifier.delivery;

import java.time.Duration;
import java.util.List;

/**
 * Makes one attempt of a delivery on one channel. Implementations block (they run on their own
 * virtual thread), never throw for a failed delivery, and report it as an {@link Outcome}.
 */
public interface ChannelSender {

  Channel channel();

  /** The retry schedule of this channel. */
  RetryLadder ladder();

  Outcome send(Delivery delivery);

  /**
   * The longest one attempt can take. An attempt starts only while at least this much of its
   * claim's lease is left, so no attempt outlives its claim (another instance would make it too).
   */
  Duration longestAttempt();

  /**
   * The lane of a delivery: deliveries of one lane run at most {@link #laneLimit()} at once (a
   * webhook endpoint); null: no bound of its own.
   */
  default String lane(Delivery delivery) {
    return null;
  }

  default int laneLimit() {
    return Integer.MAX_VALUE;
  }

  /**
   * Called on the dispatcher's thread with this channel's share of a claim, before any of them is
   * sent: a chance to look up what they need in one query rather than one per attempt. Failing here
   * only loses the shortcut; {@link #send} must not depend on it.
   */
  default void prepare(List<Delivery> claimed) {}
}
