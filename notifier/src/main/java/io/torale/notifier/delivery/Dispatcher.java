package io.torale.notifier.delivery;

import io.torale.platform.crash.CrashPoints;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Delivers due deliveries. One loop claims due rows from PostgreSQL (so work survives restarts and
 * is shared between instances) and runs each attempt on its own virtual thread, so a slow or
 * failing endpoint only ever holds its own threads; {@code maxInFlight} bounds the total.
 *
 * <p>Delivery is at least once: an instance that dies after sending but before recording leaves the
 * claim to expire (after {@code torale.dispatch.lease}) and the attempt is made again: a webhook
 * with the same {@code webhook-id}, which receivers deduplicate on (Standard Webhooks); an email
 * with the same {@code X-Torale-Delivery-Id} header, since SMTP has no way to ask whether a message
 * was already accepted. {@code CrashWindowsIT} halts the process in exactly that window.
 */
@Component
public class Dispatcher implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

  private final DeliveryRepository repository;
  private final DeliveryRecorder recorder;
  private final Map<Channel, ChannelSender> senders = new EnumMap<>(Channel.class);
  private final DispatchProperties properties;
  private final CrashPoints crashPoints;
  private final Semaphore inFlight;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition wakeUp = lock.newCondition();
  private volatile boolean running;
  private boolean signalled;
  private Thread loop;
  private ExecutorService workers;

  Dispatcher(
      DeliveryRepository repository,
      DeliveryRecorder recorder,
      List<ChannelSender> senders,
      DispatchProperties properties,
      CrashPoints crashPoints) {
    this.repository = repository;
    this.recorder = recorder;
    senders.forEach(sender -> this.senders.put(sender.channel(), sender));
    this.properties = properties;
    this.crashPoints = crashPoints;
    this.inFlight = new Semaphore(properties.maxInFlight());
  }

  /** Look for due work now rather than at the next poll (new deliveries, a freed slot). */
  public void wake() {
    lock.lock();
    try {
      signalled = true;
      wakeUp.signal();
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void start() {
    if (!properties.enabled()) {
      return;
    }
    running = true;
    workers = Executors.newVirtualThreadPerTaskExecutor();
    loop = Thread.ofPlatform().name("notifier-dispatcher").daemon().start(this::run);
  }

  @Override
  public void stop() {
    running = false;
    if (loop == null) {
      return;
    }
    wake();
    try {
      loop.join(5_000);
      workers.shutdownNow();
      workers.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  private void run() {
    // While a backlog is due, claiming one row per finished attempt would cost a round trip per
    // delivery; waiting for a quarter of a batch of free slots keeps claims few and large.
    int leastWithBacklog =
        Math.max(1, Math.min(properties.batchSize(), properties.maxInFlight()) / 4);
    boolean backlog = false;
    while (running) {
      int claimed = 0;
      try {
        int free = Math.min(inFlight.availablePermits(), properties.batchSize());
        if (free >= (backlog ? leastWithBacklog : 1)) {
          List<Delivery> due = repository.claimDue(free, properties.lease());
          claimed = due.size();
          backlog = claimed == free;
          prepare(due);
          due.forEach(this::launch);
        }
      } catch (RuntimeException e) {
        log.warn("Claiming due deliveries failed; trying again: {}", e.toString());
      }
      if (claimed < properties.batchSize()) {
        idle();
      }
    }
  }

  private void prepare(List<Delivery> due) {
    if (due.isEmpty()) {
      return;
    }
    Map<Channel, List<Delivery>> byChannel =
        due.stream().collect(Collectors.groupingBy(Delivery::channel));
    byChannel.forEach(
        (channel, deliveries) -> {
          try {
            senders.get(channel).prepare(deliveries);
          } catch (RuntimeException e) {
            log.warn(
                "Preparing {} {} deliveries failed: {}", deliveries.size(), channel, e.toString());
          }
        });
  }

  private void launch(Delivery delivery) {
    inFlight.acquireUninterruptibly();
    workers.execute(
        () -> {
          try {
            attempt(delivery);
          } finally {
            inFlight.release();
            wake();
          }
        });
  }

  private void attempt(Delivery delivery) {
    ChannelSender sender = senders.get(delivery.channel());
    Outcome outcome;
    try {
      outcome = sender.send(delivery);
    } catch (RuntimeException e) {
      log.warn("Attempt of {} failed unexpectedly", delivery, e);
      outcome = new Outcome.Retryable(null, e.getClass().getSimpleName(), null);
    }
    if (outcome instanceof Outcome.Delivered) {
      crashPoints.reach(
          delivery.channel() == Channel.EMAIL
              ? CrashPoints.AFTER_EMAIL_SENT
              : CrashPoints.AFTER_WEBHOOK_SENT);
    }
    try {
      recorder.record(delivery, outcome, sender.ladder());
    } catch (RuntimeException e) {
      // The claim expires and the delivery is attempted again.
      log.error("Could not record the outcome of {}: {}", delivery, e.toString());
    }
  }

  private void idle() {
    lock.lock();
    try {
      if (!signalled && running) {
        wakeUp.await(properties.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
      }
      signalled = false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    } finally {
      lock.unlock();
    }
  }
}
