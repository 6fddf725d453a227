package io.torale.notifier.delivery;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * Claimed deliveries waiting for a turn, one queue per lane (a webhook endpoint; every email shares
 * one lane without a bound). A lane runs at most its limit of attempts at once; the rest wait here
 * holding nothing but memory (no thread, no global in-flight slot, no connection), so a hanging
 * endpoint's backlog never takes slots from the others. Lanes with work and a free turn are served
 * round robin. Not thread-safe: the {@link Dispatcher} guards it.
 *
 * <p>Hand-written: what it needs (per-key bounded concurrency whose waiters hold no thread, with
 * round robin between keys and a cap per key) is a few maps; a bulkhead library blocks or rejects
 * the caller instead of queueing work without a thread.
 */
final class Lanes {

  /** A claimed delivery and the sender that will attempt it. */
  record Waiting(Delivery delivery, ChannelSender sender, String lane) {}

  private static final class Lane {
    final ArrayDeque<Waiting> waiting = new ArrayDeque<>();
    final int limit;
    int running;

    Lane(int limit) {
      this.limit = limit;
    }

    boolean canStart() {
      return !waiting.isEmpty() && running < limit;
    }
  }

  private final Map<String, Lane> lanes = new HashMap<>();
  private final LinkedHashSet<String> ready = new LinkedHashSet<>();
  private final Map<String, Integer> waitingByTarget = new HashMap<>();
  private final int maxWaitingPerLane;

  Lanes(int maxWaitingPerLane) {
    this.maxWaitingPerLane = maxWaitingPerLane;
  }

  /**
   * Queues a claimed delivery on its lane.
   *
   * @return false when its lane already has {@code maxWaitingPerLane} waiting (give it back)
   */
  boolean add(Delivery delivery, ChannelSender sender) {
    String key = sender.lane(delivery);
    String name = key == null ? "" : key;
    Lane lane =
        lanes.computeIfAbsent(
            name, k -> new Lane(key == null ? Integer.MAX_VALUE : sender.laneLimit()));
    if (lane.waiting.size() >= maxWaitingPerLane) {
      return false;
    }
    lane.waiting.add(new Waiting(delivery, sender, name));
    waitingByTarget.merge(delivery.target(), 1, Integer::sum);
    refresh(name, lane);
    return true;
  }

  /** The next delivery that may start now (its lane's turn counted), or null. */
  Waiting next() {
    Iterator<String> it = ready.iterator();
    if (!it.hasNext()) {
      return null;
    }
    String name = it.next();
    it.remove();
    Lane lane = lanes.get(name);
    Waiting next = lane.waiting.poll();
    forget(next.delivery());
    lane.running++;
    // Back of the line: round robin between lanes.
    refresh(name, lane);
    return next;
  }

  /** An attempt of {@code lane} ended: its turn is free. */
  void finished(String name) {
    Lane lane = lanes.get(name);
    lane.running--;
    refresh(name, lane);
    if (lane.running == 0 && lane.waiting.isEmpty()) {
      lanes.remove(name);
    }
  }

  /**
   * Removes and returns the waiting deliveries whose lease no longer leaves room for an attempt.
   */
  List<Waiting> expired() {
    List<Waiting> expired = new ArrayList<>();
    for (var entry : List.copyOf(lanes.entrySet())) {
      Lane lane = entry.getValue();
      lane.waiting.removeIf(
          w -> {
            if (w.delivery().leaseAllows(w.sender().longestAttempt())) {
              return false;
            }
            expired.add(w);
            forget(w.delivery());
            return true;
          });
      refresh(entry.getKey(), lane);
      if (lane.running == 0 && lane.waiting.isEmpty()) {
        lanes.remove(entry.getKey());
      }
    }
    return expired;
  }

  /** Deliveries that could start now but wait for a global slot. */
  int readyWaiting() {
    int n = 0;
    for (String name : ready) {
      Lane lane = lanes.get(name);
      n += Math.min(lane.waiting.size(), lane.limit - lane.running);
    }
    return n;
  }

  /** Targets with deliveries waiting here: a claim leaves their other due rows alone. */
  String[] waitingTargets() {
    return waitingByTarget.keySet().toArray(String[]::new);
  }

  private void forget(Delivery delivery) {
    waitingByTarget.computeIfPresent(delivery.target(), (t, n) -> n == 1 ? null : n - 1);
  }

  private void refresh(String name, Lane lane) {
    if (lane.canStart()) {
      ready.add(name);
    } else {
      ready.remove(name);
    }
  }
}
