package io.torale.notifier.intake;

import io.torale.notifier.delivery.Dispatcher;
import io.torale.notifier.tracing.EventTraces;
import io.torale.platform.tracing.TraceContexts;
import io.torale.schemas.Topics;
import io.torale.schemas.v1.ConditionMet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
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
  private final EventTraces eventTraces;
  private final TraceContexts traces;

  ConditionMetListener(
      Fanout fanout, Dispatcher dispatcher, EventTraces eventTraces, TraceContexts traces) {
    this.fanout = fanout;
    this.dispatcher = dispatcher;
    this.eventTraces = eventTraces;
    this.traces = traces;
  }

  @KafkaListener(id = "notifier-fanout", topics = Topics.CONDITION_MET)
  void onConditionMet(ConditionMet event) {
    try (var eventId = MDC.putCloseable("eventId", event.getEventId());
        var taskId = MDC.putCloseable("taskId", event.getTaskId())) {
      // Before the deliveries exist, so the dispatcher always finds the trace of a new delivery.
      eventTraces.record(event.getEventId(), traces.current());
      int inserted = fanout.record(event);
      log.info(
          "Event {} of task {}: {} new deliveries",
          event.getEventId(),
          event.getTaskId(),
          inserted);
      if (inserted > 0) {
        dispatcher.wake();
      }
    }
  }
}
