package io.torale.platform.task;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A task as the {@code tasks} table holds it. Enum-like fields are the names of the Avro enums
 * ({@code NotifyBehavior}, {@code SourceType}, {@code MatchType}).
 */
public record StoredTask(
    UUID id,
    String name,
    String searchQuery,
    String condition,
    String cron,
    String timeZone,
    String notifyBehavior,
    String sourceType,
    String sourceUrl,
    String cssSelector,
    String matchType,
    String matchPattern,
    List<String> emails,
    List<WebhookTarget> webhooks,
    String owner,
    Map<String, String> context,
    TaskStatus status,
    Instant createdAt,
    Instant updatedAt) {

  public StoredTask {
    emails = emails == null ? List.of() : List.copyOf(emails);
    webhooks = webhooks == null ? List.of() : List.copyOf(webhooks);
    context = context == null ? Map.of() : Map.copyOf(context);
  }

  /** A webhook endpoint and its optional signing secret; {@code toString} hides the secret. */
  public record WebhookTarget(String url, String secret) {
    @Override
    public String toString() {
      return "WebhookTarget[url=" + url + ", secret=" + (secret == null ? "default" : "****") + "]";
    }
  }

  public StoredTask withStatus(TaskStatus newStatus) {
    return new StoredTask(
        id,
        name,
        searchQuery,
        condition,
        cron,
        timeZone,
        notifyBehavior,
        sourceType,
        sourceUrl,
        cssSelector,
        matchType,
        matchPattern,
        emails,
        webhooks,
        owner,
        context,
        newStatus,
        createdAt,
        updatedAt);
  }
}
