package io.torale.platform.task;

import java.util.List;

/** Whom a task tells: email addresses and webhook endpoints. */
public record Notifications(List<String> emails, List<WebhookTarget> webhooks) {

  public static final Notifications NONE = new Notifications(List.of(), List.of());

  public Notifications {
    emails = emails == null ? List.of() : List.copyOf(emails);
    webhooks = webhooks == null ? List.of() : List.copyOf(webhooks);
  }

  /** The same targets with every webhook secret left out, for readers that must not see them. */
  public Notifications withoutSecrets() {
    return new Notifications(
        emails, webhooks.stream().map(w -> new WebhookTarget(w.url(), null)).toList());
  }

  /** The endpoints' URLs, which may travel where their secrets must not. */
  public List<String> webhookUrls() {
    return webhooks.stream().map(WebhookTarget::url).toList();
  }
}
