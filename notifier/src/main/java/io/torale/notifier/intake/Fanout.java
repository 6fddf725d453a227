package io.torale.notifier.intake;

import io.torale.notifier.delivery.Channel;
import io.torale.notifier.delivery.DeliveryRepository;
import io.torale.notifier.delivery.NewDelivery;
import io.torale.notifier.delivery.NotificationPayload;
import io.torale.schemas.v1.ConditionMet;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Records one pending delivery per (event, channel, target), all in one transaction. Ids derive
 * from the event id, so recording an event again (redelivery, a second publish) inserts nothing.
 */
@Component
class Fanout {

  private final DeliveryRepository repository;

  Fanout(DeliveryRepository repository) {
    this.repository = repository;
  }

  /**
   * @return how many deliveries were new
   */
  @Transactional
  public int record(ConditionMet event) {
    int inserted = 0;
    for (NewDelivery delivery : deliveries(event)) {
      if (repository.insertPending(delivery)) {
        inserted++;
      }
    }
    return inserted;
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
