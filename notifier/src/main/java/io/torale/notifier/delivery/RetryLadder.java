package io.torale.notifier.delivery;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When to try again. Step {@code i} is the delay before attempt {@code i + 1}; the first step is
 * normally zero ("at once"), so a ladder of n steps allows n attempts. Delays get ±{@code jitter}
 * so that many deliveries failing together do not retry together.
 */
public record RetryLadder(List<Duration> steps, double jitter) {

  public RetryLadder {
    steps = List.copyOf(steps);
    if (steps.isEmpty()) {
      throw new IllegalArgumentException("a retry schedule needs at least one step");
    }
  }

  public int maxAttempts() {
    return steps.size();
  }

  /**
   * The delay after attempt {@code attempt} (1-based) failed, or null when it was the last.
   *
   * @param retryAfter the receiver's wish, which wins over the schedule when given
   */
  public Duration delayAfter(int attempt, Duration retryAfter) {
    if (attempt >= steps.size()) {
      return null;
    }
    Duration longest = steps.stream().max(Duration::compareTo).orElseThrow();
    if (retryAfter != null) {
      return retryAfter.compareTo(longest) > 0 ? longest : retryAfter;
    }
    Duration base = steps.get(attempt);
    if (base.isZero() || jitter <= 0) {
      return base;
    }
    double factor = 1 + ThreadLocalRandom.current().nextDouble(-jitter, jitter);
    return Duration.ofMillis(Math.round(base.toMillis() * factor));
  }
}
