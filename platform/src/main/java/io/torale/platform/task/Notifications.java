package io.torale.platform.task;

import java.util.List;

/** Whom a task tells: email addresses and webhook endpoints. */
public record Notifications(List<String> emails, List<WebhookTarget> webhooks) {

  public static final Notifications NONE = new Notifications(List.of(), List.of());

  public Notifications {
    emails = emails == null ? List.of() : List.copyOf(emails);
    webhooks = webhooks == null ? List.of() : List.copyOf(webhooks);
  }

  /** The endpoints' URLs, which may travel where their secrets must not. */
  public List<String> webhookUrls() {
    return webhooks.stream().map(WebhookTarget::url).toList();
  }
}
