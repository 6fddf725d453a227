package io.torale.notifier.intake;

import io.torale.notifier.delivery.Channel;
import io.torale.notifier.delivery.DeliveryRepository;
import io.torale.notifier.delivery.NewDelivery;
import io.torale.notifier.delivery.NotificationPayload;
import io.torale.notifier.tracing.EventTraces;
import io.torale.schemas.v1.ConditionMet;
import io.torale.schemas.v1.WebhookEndpointRef;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Records one pending delivery per (event, channel, target), for a whole poll of events in one
 * transaction of two batched statements. Ids derive from the event id, so recording an event again
 * (redelivery, a second publish) inserts nothing.
 */
@Component
class Fanout {

  private static final Logger log = LoggerFactory.getLogger(Fanout.class);

  /** An event as received, with the {@code traceparent} of its intake (null: not traced). */
  record Intake(ConditionMet event, String traceparent) {}

  private final DeliveryRepository repository;
  private final EventTraces eventTraces;

  Fanout(DeliveryRepository repository, EventTraces eventTraces) {
    this.repository = repository;
    this.eventTraces = eventTraces;
  }

  /**
   * @return how many deliveries were new
   */
  @Transactional
  public int record(List<Intake> events) {
    Map<String, String> traces = new LinkedHashMap<>();
    List<NewDelivery> deliveries = new ArrayList<>();
    for (Intake intake : events) {
      ConditionMet event = intake.event();
      if (intake.traceparent() != null) {
        traces.putIfAbsent(event.getEventId(), intake.traceparent());
      }
      List<NewDelivery> ofEvent = deliveries(event);
      log.debug(
          "Event {} of task {}: {} deliveries", event.getEventId(), event.getTaskId(), ofEvent);
      deliveries.addAll(ofEvent);
    }
    // Before the deliveries (same transaction), so a new delivery always has its trace.
    eventTraces.recordAll(traces);
    return repository.insertPending(deliveries);
  }

  static List<NewDelivery> deliveries(ConditionMet event) {
    NotificationPayload payload = NotificationPayload.from(event);
    String owner = event.getTask().getOwner();
    List<NewDelivery> deliveries = new ArrayList<>();
    for (String email : event.getTargets().getEmails()) {
      if (!email.isBlank()) {
        deliveries.add(
            new NewDelivery(
                event.getEventId(), event.getTaskId(), owner, Channel.EMAIL, email, payload));
      }
    }
    // Endpoint references: the delivery names the endpoint by id, and the sender resolves its URL
    // through the task API, so no URL is stored here. Full URLs come only from earlier releases.
    for (WebhookEndpointRef ref : event.getTargets().getWebhooks()) {
      deliveries.add(
          new NewDelivery(
              event.getEventId(),
              event.getTaskId(),
              owner,
              Channel.WEBHOOK,
              ref.getEndpointId(),
              payload));
    }
    for (String url : event.getTargets().getWebhookUrls()) {
      if (!url.isBlank()) {
        deliveries.add(
            new NewDelivery(
                event.getEventId(), event.getTaskId(), owner, Channel.WEBHOOK, url, payload));
      }
    }
    return deliveries;
  }
}
