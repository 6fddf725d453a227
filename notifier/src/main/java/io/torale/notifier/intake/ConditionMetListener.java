package io.torale.notifier.intake;

import io.torale.notifier.delivery.Dispatcher;
import io.torale.schemas.Topics;
import io.torale.schemas.v1.ConditionMet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.stereotype.Component;

/**
 * Consumes {@code torale.condition-met.v1}. It only records the event's deliveries and returns, so
 * a slow endpoint never holds up a partition; the {@link Dispatcher} delivers them. The offset is
 * committed after the transaction, so a crash in between redelivers the record, which the
 * deliveries' primary key turns into a no-op. A database outage throws and is retried by the
 * platform's error handler.
 */
@Component
class ConditionMetListener {

  private static final Logger log = LoggerFactory.getLogger(ConditionMetListener.class);

  private final Fanout fanout;
  private final Dispatcher dispatcher;

  ConditionMetListener(Fanout fanout, Dispatcher dispatcher) {
    this.fanout = fanout;
    this.dispatcher = dispatcher;
  }

  @KafkaListener(id = "notifier-fanout", topics = Topics.CONDITION_MET)
  void onConditionMet(ConditionMet event) {
    int inserted = fanout.record(event);
    log.info(
        "Event {} of task {}: {} new deliveries", event.getEventId(), event.getTaskId(), inserted);
    if (inserted > 0) {
      dispatcher.wake();
    }
  }
}
