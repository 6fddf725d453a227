package io.torale.notifier.delivery;

import java.time.Duration;

/**
 * The result of one attempt, as a channel reports it. Only {@link Retryable} leads to another
 * attempt; the others end the delivery.
 */
public sealed interface Outcome {

  Integer httpStatus();

  String error();

  record Delivered(Integer httpStatus) implements Outcome {
    @Override
    public String error() {
      return null;
    }
  }

  /**
   * A failure that may heal.
   *
   * @param retryAfter the receiver's {@code Retry-After}, or null
   */
  record Retryable(Integer httpStatus, String error, Duration retryAfter) implements Outcome {}

  /** A failure that will not heal (e.g. 410 Gone, a disabled endpoint, a bad address). */
  record Failed(Integer httpStatus, String error, boolean disableEndpoint) implements Outcome {}

  /**
   * Not attempted because its endpoint is disabled (recorded as {@code ENDPOINT_DISABLED}, not as a
   * failed attempt).
   */
  record EndpointDisabled() implements Outcome {
    @Override
    public Integer httpStatus() {
      return null;
    }

    @Override
    public String error() {
      return null;
    }
  }

  /** Deliberately not sent: over a rate limit. */
  record Suppressed(String error) implements Outcome {
    @Override
    public Integer httpStatus() {
      return null;
    }
  }

  /** Not allowed to send there at all (egress guard). */
  record Refused(String error) implements Outcome {
    @Override
    public Integer httpStatus() {
      return null;
    }
  }

  /**
   * Not attempted now (the endpoint is at its concurrency bound): try again after {@code delay}.
   */
  record Deferred(Duration delay) implements Outcome {
    @Override
    public Integer httpStatus() {
      return null;
    }

    @Override
    public String error() {
      return null;
    }
  }
}
