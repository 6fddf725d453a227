package io.torale.notifier.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Lanes in memory: bounded turns per endpoint, waiting without slots, round robin, leases. */
class LanesTest {

  /** Lanes by host, two turns each, like a webhook endpoint bound. */
  private static final ChannelSender BY_HOST =
      new ChannelSender() {
        @Override
        public Channel channel() {
          return Channel.WEBHOOK;
        }

        @Override
        public RetryLadder ladder() {
          return new RetryLadder(List.of(Duration.ZERO), 0);
        }

        @Override
        public Outcome send(Delivery delivery) {
          throw new UnsupportedOperationException();
        }

        @Override
        public Duration longestAttempt() {
          return Duration.ofSeconds(15);
        }

        @Override
        public String lane(Delivery delivery) {
          return delivery.target().split("/")[2];
        }

        @Override
        public int laneLimit() {
          return 2;
        }
      };

  @Test
  void aFullLanesWaitersNeverHoldUpAnotherLane() {
    Lanes lanes = new Lanes(100);
    for (int i = 0; i < 10; i++) {
      lanes.add(delivery("hanging-" + i, "http://hanging:1/x", 120), BY_HOST);
    }
    assertThat(started(lanes)).containsExactly("hanging-0", "hanging-1");
    // Both turns of the hanging endpoint are taken; its 8 others wait and count for no slot.
    assertThat(lanes.readyWaiting()).isZero();
    assertThat(lanes.waitingTargets()).containsExactly("http://hanging:1/x");

    lanes.add(delivery("healthy-0", "http://healthy:2/y", 120), BY_HOST);
    lanes.add(delivery("healthy-1", "http://healthy:2/y", 120), BY_HOST);
    assertThat(lanes.readyWaiting()).isEqualTo(2);
    assertThat(started(lanes)).containsExactly("healthy-0", "healthy-1");

    // A hanging attempt ends: the next hanging one takes its turn, and only then.
    lanes.finished("hanging:1");
    assertThat(started(lanes)).containsExactly("hanging-2");
  }

  @Test
  void lanesTakeTurnsRoundRobin() {
    Lanes lanes = new Lanes(100);
    for (int i = 0; i < 2; i++) {
      lanes.add(delivery("a-" + i, "http://a:1/", 120), BY_HOST);
      lanes.add(delivery("b-" + i, "http://b:1/", 120), BY_HOST);
    }
    assertThat(started(lanes)).containsExactly("a-0", "b-0", "a-1", "b-1");
  }

  @Test
  void aLaneWaitsForAtMostItsCapThenTheClaimIsGivenBack() {
    Lanes lanes = new Lanes(3);
    List<Boolean> added = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      added.add(lanes.add(delivery("d-" + i, "http://a:1/", 120), BY_HOST));
    }
    assertThat(added).containsExactly(true, true, true, false, false);
  }

  @Test
  void waitersWhoseLeaseLeavesNoRoomForAnAttemptAreHandedBack() {
    Lanes lanes = new Lanes(100);
    lanes.add(delivery("running-0", "http://a:1/", 120), BY_HOST);
    lanes.add(delivery("running-1", "http://a:1/", 120), BY_HOST);
    started(lanes);
    // 10 s of lease left, an attempt may take 15 s: it must not start any more.
    lanes.add(delivery("late", "http://a:1/", 10), BY_HOST);
    lanes.add(delivery("in-time", "http://a:1/", 120), BY_HOST);

    assertThat(lanes.expired()).extracting(w -> w.delivery().id()).containsExactly("late");
    lanes.finished("a:1");
    assertThat(started(lanes)).containsExactly("in-time");
    assertThat(lanes.waitingTargets()).isEmpty();
  }

  /** Takes every delivery that may start now. */
  private static List<String> started(Lanes lanes) {
    List<String> ids = new ArrayList<>();
    for (Lanes.Waiting w; (w = lanes.next()) != null; ) {
      ids.add(w.delivery().id());
    }
    return ids;
  }

  private static Delivery delivery(String id, String url, int leaseSecondsLeft) {
    var payload =
        new NotificationPayload(
            "evt",
            "exec",
            "task",
            "name",
            "query",
            "condition",
            "owner",
            Map.of(),
            "answer",
            null,
            List.of(),
            Instant.now(),
            List.of());
    return new Delivery(
        id,
        "evt",
        "task",
        "owner",
        Channel.WEBHOOK,
        url,
        url,
        Status.PENDING,
        0,
        payload,
        false,
        null,
        System.nanoTime() + TimeUnit.SECONDS.toNanos(leaseSecondsLeft));
  }
}
