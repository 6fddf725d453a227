package io.torale.worker.search;

import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Heartbeats an activity while its slow work (an HTTP call to Gemini or a page) runs on a virtual
 * thread, so Temporal notices a dead worker within the heartbeat timeout and retries the activity
 * elsewhere, rather than waiting out the start-to-close timeout. The work keeps its own timeout
 * (the HTTP client's). A heartbeat that reports the activity cancelled or timed out cancels the
 * work and ends the activity.
 */
final class Heartbeats {

  /** Well below the workflow's heartbeat timeout (10 s), so a live worker is never mistaken. */
  static final Duration INTERVAL = Duration.ofSeconds(2);

  private Heartbeats() {}

  static <T> T during(Supplier<T> work) {
    ActivityExecutionContext context = Activity.getExecutionContext();
    context.heartbeat(null);
    FutureTask<T> result = new FutureTask<>(work::get);
    Thread.ofVirtual().name("heartbeated-work").start(result);
    while (true) {
      try {
        return result.get(INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
      } catch (TimeoutException stillRunning) {
        try {
          context.heartbeat(null);
        } catch (RuntimeException cancelledOrTimedOut) {
          result.cancel(true);
          throw cancelledOrTimedOut;
        }
      } catch (ExecutionException e) {
        switch (e.getCause()) {
          case RuntimeException runtime -> throw runtime;
          case Error error -> throw error;
          default -> throw new IllegalStateException(e.getCause());
        }
      } catch (InterruptedException e) {
        result.cancel(true);
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while waiting for the search", e);
      }
    }
  }
}
