package io.torale.notifier.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Turns an attempt's {@link Outcome} into the delivery's next state and stores it; the {@link
 * DeliveryOutbox} publishes it. A retryable failure is scheduled by the channel's {@link
 * RetryLadder}; running out of steps fails the delivery.
 *
 * <p>Outcomes are stored in batches by one thread: whatever has finished meanwhile (up to {@link
 * #MAX_BATCH}) is one statement that updates every delivery and inserts every attempt row with its
 * outbox marker ({@link DeliveryRepository#recordAttempts}); their records then go to Kafka from
 * memory ({@link DeliveryOutbox#publish}). A crash before a batch is stored loses nothing: the
 * claims expire and the attempts are made again (at least once).
 */
@Component
public class DeliveryRecorder implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(DeliveryRecorder.class);
  static final int MAX_BATCH = 500;

  private final DeliveryRepository repository;
  private final DeliveryOutbox outbox;
  private final List<AttemptObserver> observers;
  private final LinkedBlockingQueue<Finished> queue = new LinkedBlockingQueue<>();
  private volatile boolean running;
  private Thread loop;
  private ExecutorService observing;

  DeliveryRecorder(
      DeliveryRepository repository, DeliveryOutbox outbox, List<AttemptObserver> observers) {
    this.repository = repository;
    this.outbox = outbox;
    this.observers = observers;
  }

  /** An attempt's outcome, to store; {@code onStored} runs once it is stored (or dropped). */
  record Finished(Delivery delivery, Outcome outcome, RetryLadder ladder, Runnable onStored) {}

  /** Queues the outcome for the next batch; returns at once. */
  public void record(Delivery delivery, Outcome outcome, RetryLadder ladder, Runnable onStored) {
    if (!running) {
      // Not started (or stopping): store it on the caller's thread.
      store(List.of(new Finished(delivery, outcome, ladder, onStored)));
      return;
    }
    queue.add(new Finished(delivery, outcome, ladder, onStored));
  }

  @Override
  public void start() {
    running = true;
    observing = Executors.newVirtualThreadPerTaskExecutor();
    loop = Thread.ofPlatform().name("notifier-recorder").daemon().start(this::run);
  }

  @Override
  public void stop() {
    running = false;
    if (loop == null) {
      return;
    }
    try {
      loop.join(10_000);
      observing.shutdown();
      observing.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  /** After the dispatcher (which stops first and hands its last outcomes here). */
  @Override
  public int getPhase() {
    return SmartLifecycle.DEFAULT_PHASE - 1;
  }

  private void run() {
    List<Finished> batch = new ArrayList<>(MAX_BATCH);
    while (running || !queue.isEmpty()) {
      try {
        Finished head = queue.poll(100, TimeUnit.MILLISECONDS);
        if (head == null) {
          continue;
        }
        batch.add(head);
        queue.drainTo(batch, MAX_BATCH - 1);
        store(batch);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } finally {
        batch.clear();
      }
    }
  }

  private void store(List<Finished> batch) {
    List<DeliveryRepository.Attempt> attempts = new ArrayList<>(batch.size());
    List<Finished> recorded = new ArrayList<>(batch.size());
    try {
      for (Finished f : batch) {
        if (f.outcome() instanceof Outcome.Deferred(Duration delay)) {
          repository.defer(f.delivery().id(), delay);
        } else {
          attempts.add(attempt(f));
          recorded.add(f);
        }
      }
      Map<String, DeliveryRepository.Stored> stored = new HashMap<>();
      if (!attempts.isEmpty()) {
        repository.recordAttempts(attempts).forEach(s -> stored.put(s.deliveryId(), s));
      }
      List<DeliveryOutbox.Row> records = new ArrayList<>(stored.size());
      for (int i = 0; i < recorded.size(); i++) {
        Finished f = recorded.get(i);
        DeliveryRepository.Attempt a = attempts.get(i);
        DeliveryRepository.Stored s = stored.get(a.deliveryId());
        if (s == null) {
          log.warn(
              "{} was recorded by another instance meanwhile; dropping attempt {}",
              f.delivery(),
              a.attempt());
          continue;
        }
        records.add(
            new DeliveryOutbox.Row(
                s.attemptId(),
                DeliveryOutbox.record(
                    f.delivery(),
                    s,
                    a.attempt(),
                    a.status(),
                    a.httpStatus(),
                    a.error(),
                    a.nextAt())));
        if (f.outcome() instanceof Outcome.Delivered) {
          observe(f);
        } else {
          // Failures may write endpoint health: off this thread, so they never hold up others.
          observing.execute(() -> observe(f));
        }
      }
      outbox.publish(records);
    } catch (RuntimeException e) {
      // The claims expire and the deliveries are attempted again.
      log.error("Could not record {} attempt outcomes: {}", batch.size(), e.toString());
    } finally {
      for (Finished f : batch) {
        try {
          f.onStored().run();
        } catch (RuntimeException e) {
          log.warn("After recording {}: {}", f.delivery(), e.toString());
        }
      }
    }
  }

  private void observe(Finished f) {
    int attempt = f.delivery().nextAttempt();
    for (AttemptObserver observer : observers) {
      try {
        String disabled = observer.afterAttempt(f.delivery(), f.outcome());
        if (disabled != null) {
          DeliveryRepository.Stored stored =
              repository.insertAttempt(f.delivery().id(), attempt, "ENDPOINT_DISABLED", disabled);
          outbox.publish(
              List.of(
                  new DeliveryOutbox.Row(
                      stored.attemptId(),
                      DeliveryOutbox.record(
                          f.delivery(),
                          stored,
                          attempt,
                          Status.ENDPOINT_DISABLED,
                          null,
                          disabled,
                          null))));
        }
      } catch (RuntimeException e) {
        log.warn("Observing attempt {} of {} failed: {}", attempt, f.delivery(), e.toString());
      }
    }
  }

  private static DeliveryRepository.Attempt attempt(Finished f) {
    int attempt = f.delivery().nextAttempt();
    Instant nextAt = null;
    Status status =
        switch (f.outcome()) {
          case Outcome.Delivered d -> Status.DELIVERED;
          case Outcome.Failed x -> Status.FAILED;
          case Outcome.Suppressed s -> Status.SUPPRESSED;
          case Outcome.Refused r -> Status.REFUSED;
          case Outcome.EndpointDisabled d -> Status.ENDPOINT_DISABLED;
          case Outcome.Retryable r -> {
            Duration delay = f.ladder().delayAfter(attempt, r.retryAfter());
            if (delay == null) {
              yield Status.FAILED;
            }
            nextAt = Instant.now().plus(delay);
            yield Status.RETRY_SCHEDULED;
          }
          case Outcome.Deferred d -> throw new IllegalStateException("handled by the caller");
        };
    return new DeliveryRepository.Attempt(
        f.delivery().id(),
        attempt,
        status,
        f.outcome().httpStatus(),
        truncate(f.outcome().error()),
        nextAt);
  }

  private static String truncate(String error) {
    return error == null || error.length() <= 500 ? error : error.substring(0, 500) + "…";
  }
}
