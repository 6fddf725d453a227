package io.torale.commandconsumer.reconcile;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Runs the reconciler at start-up and then every {@code torale.reconcile.interval}. A failed run
 * (Temporal or the database down) is logged and tried again at the next tick.
 */
@Component
class ReconcileTriggers {

  private static final Logger log = LoggerFactory.getLogger(ReconcileTriggers.class);

  private final Reconciler reconciler;
  private final ReconcileProperties properties;

  ReconcileTriggers(Reconciler reconciler, ReconcileProperties properties) {
    this.reconciler = reconciler;
    this.properties = properties;
  }

  @EventListener(ApplicationReadyEvent.class)
  void onStartup() {
    if (properties.onStartup()) {
      runQuietly();
    }
  }

  @Scheduled(
      initialDelayString = "${torale.reconcile.interval:5m}",
      fixedDelayString = "${torale.reconcile.interval:5m}")
  void periodically() {
    runQuietly();
  }

  private void runQuietly() {
    try {
      reconciler.reconcile();
    } catch (RuntimeException e) {
      log.warn(
          "Reconciliation failed; next attempt in {}: {}", properties.interval(), e.toString());
    }
  }
}
