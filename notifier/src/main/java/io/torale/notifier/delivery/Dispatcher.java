package io.torale.notifier.delivery;

import io.torale.platform.crash.CrashPoints;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
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
 * is shared between instances) and runs each attempt on its own virtual thread; {@code maxInFlight}
 * bounds the attempts running or waiting to be recorded. Claimed deliveries wait for their lane's
 * turn in {@link Lanes} (a webhook endpoint runs at most {@code per-endpoint-concurrency} at once)
 * holding no slot and no thread, and a claim skips the targets that already have deliveries
 * waiting, so a hanging endpoint never takes slots from the others. An attempt starts only while
 * its claim's lease leaves room for the longest attempt of its channel; otherwise the delivery is
 * given back.
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

  /** How long a delivery given back (its lane full, or too little lease left) waits. */
  private static final Duration GIVE_BACK_DELAY = Duration.ofMillis(500);

  private final DeliveryRepository repository;
  private final DeliveryRecorder recorder;
  private final Map<Channel, ChannelSender> senders = new EnumMap<>(Channel.class);
  private final DispatchProperties properties;
  private final CrashPoints crashPoints;
  private final Semaphore inFlight;
  private final Lanes lanes;
  private final Queue<String> givenBack = new ConcurrentLinkedQueue<>();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition wakeUp = lock.newCondition();
  private volatile boolean running;
  private volatile boolean signalled;
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
    this.lanes = new Lanes(properties.batchSize());
    for (ChannelSender sender : senders) {
      if (sender.longestAttempt().compareTo(properties.lease()) >= 0) {
        throw new IllegalStateException(
            "torale.dispatch.lease ("
                + properties.lease()
                + ") must be longer than the longest "
                + sender.channel()
                + " attempt ("
                + sender.longestAttempt()
                + ")");
      }
    }
  }

  /**
   * Look for due work now rather than at the next poll (new deliveries, freed slots). Cheap when a
   * wake-up is already pending: many calls before the loop runs again coalesce into one.
   */
  public void wake() {
    if (signalled) {
      return;
    }
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
    // While a backlog is due, claiming a few rows per finished attempt would cost a round trip per
    // few deliveries; waiting for a quarter of a batch of free slots keeps claims few and large.
    int leastWithBacklog =
        Math.max(1, Math.min(properties.batchSize(), properties.maxInFlight()) / 4);
    boolean backlog = false;
    while (running) {
      int claimed = 0;
      try {
        giveBackWhatCannotStart();
        int free;
        String[] busy;
        synchronized (lanes) {
          free =
              Math.min(inFlight.availablePermits() - lanes.readyWaiting(), properties.batchSize());
          busy = lanes.waitingTargets();
        }
        if (free >= (backlog ? leastWithBacklog : 1)) {
          List<Delivery> due = repository.claimDue(free, properties.lease(), busy);
          claimed = due.size();
          backlog = claimed == free;
          prepare(due);
          queue(due);
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

  /** Puts claimed deliveries on their lanes (a full lane gives the rest back) and starts some. */
  private void queue(List<Delivery> due) {
    List<String> full = new ArrayList<>();
    synchronized (lanes) {
      for (Delivery delivery : due) {
        if (!lanes.add(delivery, senders.get(delivery.channel()))) {
          full.add(delivery.id());
        }
      }
    }
    repository.giveBack(full, GIVE_BACK_DELAY);
    startWhatMay();
  }

  /**
   * Starts waiting deliveries while lanes have turns and slots are free. Called by the loop and by
   * every attempt that ends, so a lane's next delivery starts without waiting for the loop.
   */
  private void startWhatMay() {
    while (running && inFlight.tryAcquire()) {
      Lanes.Waiting next;
      synchronized (lanes) {
        next = lanes.next();
      }
      if (next == null) {
        inFlight.release();
        return;
      }
      if (!next.delivery().leaseAllows(next.sender().longestAttempt())) {
        synchronized (lanes) {
          lanes.finished(next.lane());
        }
        inFlight.release();
        givenBack.add(next.delivery().id());
        wake();
        continue;
      }
      try {
        workers.execute(() -> attempt(next));
      } catch (RejectedExecutionException e) {
        // Stopping: the claim expires and the delivery is attempted again.
        inFlight.release();
        return;
      }
    }
  }

  private void giveBackWhatCannotStart() {
    List<String> ids = new ArrayList<>();
    synchronized (lanes) {
      lanes.expired().forEach(w -> ids.add(w.delivery().id()));
    }
    for (String id; (id = givenBack.poll()) != null; ) {
      ids.add(id);
    }
    if (!ids.isEmpty()) {
      log.debug("Giving back {} deliveries whose lease leaves no room for an attempt", ids.size());
      repository.giveBack(ids, Duration.ZERO);
    }
  }

  private void attempt(Lanes.Waiting waiting) {
    Delivery delivery = waiting.delivery();
    ChannelSender sender = waiting.sender();
    Outcome outcome;
    try {
      outcome =
          delivery.endpointDisabled() ? new Outcome.EndpointDisabled() : sender.send(delivery);
    } catch (RuntimeException e) {
      log.warn("Attempt of {} failed unexpectedly", delivery, e);
      outcome = new Outcome.Retryable(null, e.getClass().getSimpleName(), null);
    } finally {
      synchronized (lanes) {
        lanes.finished(waiting.lane());
      }
    }
    if (outcome instanceof Outcome.Delivered) {
      crashPoints.reach(
          delivery.channel() == Channel.EMAIL
              ? CrashPoints.AFTER_EMAIL_SENT
              : CrashPoints.AFTER_WEBHOOK_SENT);
    }
    // The lane's turn is free now; the slot only once the outcome is stored, so outcomes waiting
    // to be recorded count against maxInFlight.
    startWhatMay();
    recorder.record(delivery, outcome, sender.ladder(), this::recorded);
  }

  private void recorded() {
    inFlight.release();
    startWhatMay();
    wake();
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
