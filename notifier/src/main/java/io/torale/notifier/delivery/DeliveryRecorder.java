package io.torale.notifier.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Turns an attempt's {@link Outcome} into the delivery's next state and stores the attempt; the
 * {@link DeliveryOutbox} publishes it. A retryable failure is scheduled by the channel's {@link
 * RetryLadder}; running out of steps fails the delivery.
 */
@Component
public class DeliveryRecorder {

  private static final Logger log = LoggerFactory.getLogger(DeliveryRecorder.class);

  private final DeliveryRepository repository;
  private final DeliveryOutbox outbox;
  private final List<AttemptObserver> observers;

  DeliveryRecorder(
      DeliveryRepository repository, DeliveryOutbox outbox, List<AttemptObserver> observers) {
    this.repository = repository;
    this.outbox = outbox;
    this.observers = observers;
  }

  public void record(Delivery delivery, Outcome outcome, RetryLadder ladder) {
    if (outcome instanceof Outcome.Deferred(Duration delay)) {
      repository.defer(delivery.id(), delay);
      return;
    }
    int attempt = delivery.nextAttempt();
    Instant nextAt = null;
    Status status =
        switch (outcome) {
          case Outcome.Delivered d -> Status.DELIVERED;
          case Outcome.Failed f -> Status.FAILED;
          case Outcome.Suppressed s -> Status.SUPPRESSED;
          case Outcome.Refused r -> Status.REFUSED;
          case Outcome.Retryable r -> {
            Duration delay = ladder.delayAfter(attempt, r.retryAfter());
            if (delay == null) {
              yield Status.FAILED;
            }
            nextAt = Instant.now().plus(delay);
            yield Status.RETRY_SCHEDULED;
          }
          case Outcome.Deferred d -> throw new IllegalStateException("handled above");
        };
    String error = truncate(outcome.error());
    if (!repository.recordAttempt(
        delivery.id(), attempt, status, outcome.httpStatus(), error, nextAt)) {
      log.warn(
          "{} was recorded by another instance meanwhile; dropping attempt {}", delivery, attempt);
      return;
    }
    for (AttemptObserver observer : observers) {
      String disabled = observer.afterAttempt(delivery, outcome);
      if (disabled != null) {
        repository.insertAttempt(delivery.id(), attempt, "ENDPOINT_DISABLED", null, disabled, null);
      }
    }
    outbox.wake();
  }

  private static String truncate(String error) {
    return error == null || error.length() <= 500 ? error : error.substring(0, 500) + "…";
  }
}
