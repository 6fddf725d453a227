package io.torale.notifier.webhook;

import io.torale.notifier.delivery.NotificationPayload;
import io.torale.schemas.v1.ConditionMet;

/** The webhook body the notifier sends for an event, for tests outside this package. */
public final class WebhookBodies {

  private WebhookBodies() {}

  public static String of(ConditionMet event) {
    return WebhookBody.json(NotificationPayload.from(event));
  }
}
