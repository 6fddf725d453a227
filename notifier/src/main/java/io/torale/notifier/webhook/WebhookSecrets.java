package io.torale.notifier.webhook;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.torale.platform.task.WebhookEndpointRef;
import io.torale.platform.task.WebhookTarget;
import io.torale.schemas.secrets.StorageKeys;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * The signing secret of an endpoint: the one stored with the task for that URL (secrets never
 * travel on Kafka), else the configured default. The task API serves a task's secrets as stored,
 * encrypted under a storage key and bound to the task ({@code tenc_…}); they are decrypted here, in
 * memory, only when an attempt signs (the cache keeps the encrypted form), so neither the task
 * API's answers nor the worker, which shares its service token, ever see a plaintext secret. The
 * task's webhooks come from {@link TaskWebhooks} (the task's owner, command-consumer). Lookups are
 * kept for {@code secretCacheTtl}: an event's deliveries, and the retries of one, would otherwise
 * ask for the same task once per attempt.
 */
@Component
class WebhookSecrets {

  /** Past this many entries the least used go first, so it stays small whatever the traffic. */
  private static final int MAX_ENTRIES = 10_000;

  private final TaskWebhooks webhooks;
  private final StorageKeys storageKeys;
  private final String defaultSecret;
  private final boolean caching;

  /**
   * Keyed by task and target (an endpoint id, or the URL of an event from an earlier release); the
   * value is the task's webhook it names, its secret as stored (encrypted), empty for "not one of
   * the task's webhooks".
   */
  private final Cache<String, Optional<WebhookTarget>> cache;

  WebhookSecrets(TaskWebhooks webhooks, WebhookProperties properties, StorageKeys storageKeys) {
    this.webhooks = webhooks;
    this.storageKeys = storageKeys;
    this.defaultSecret = properties.defaultSecret();
    Duration ttl = properties.secretCacheTtl();
    this.caching = ttl != null && ttl.isPositive();
    this.cache =
        Caffeine.newBuilder()
            .expireAfterWrite(caching ? ttl : Duration.ZERO)
            .maximumSize(MAX_ENTRIES)
            .build();
  }

  /**
   * The URL a delivery's target names: for an endpoint id ({@link WebhookEndpointRef}), the task's
   * webhook with that id, null when the task no longer has it; a URL (an event of an earlier
   * release) is its own.
   */
  String urlFor(String taskId, String target) {
    if (!WebhookEndpointRef.isId(target)) {
      return target;
    }
    return webhook(taskId, target).map(WebhookTarget::url).map(String::strip).orElse(null);
  }

  /**
   * The secret, or null when neither the task nor the configuration has one.
   *
   * @throws UndecryptableSecretException when the task's stored secret does not decrypt with the
   *     configured storage keys
   */
  String secretFor(String taskId, String target) {
    String stored =
        webhook(taskId, target)
            .map(WebhookTarget::secret)
            .filter(secret -> !secret.isBlank())
            .orElse(null);
    return stored == null ? blankToNull(defaultSecret) : decrypt(stored, taskId);
  }

  private Optional<WebhookTarget> webhook(String taskId, String target) {
    return caching
        ? cache.get(key(taskId, target), key -> lookUp(taskId, target))
        : lookUp(taskId, target);
  }

  private String decrypt(String stored, String taskId) {
    if (!StorageKeys.isStored(stored)) {
      // A plaintext secret of an earlier release; command-consumer encrypts it when it starts.
      return stored;
    }
    try {
      return storageKeys.decrypt(stored, taskId);
    } catch (IllegalArgumentException e) {
      throw new UndecryptableSecretException(e.getMessage());
    }
  }

  /** A task's stored secret that the configured storage keys do not decrypt. */
  static final class UndecryptableSecretException extends RuntimeException {
    UndecryptableSecretException(String message) {
      super(message);
    }
  }

  /** Whose secret: a task's endpoint, by id or (events of an earlier release) URL. */
  record Endpoint(String taskId, String target) {}

  /**
   * Looks up the secrets of many endpoints in one request and caches them; {@link #secretFor} then
   * finds them (for {@code secretCacheTtl}).
   */
  void prefetch(List<Endpoint> endpoints) {
    if (!caching || endpoints.isEmpty()) {
      return;
    }
    List<UUID> ids = new ArrayList<>();
    for (Endpoint endpoint : endpoints) {
      try {
        ids.add(UUID.fromString(endpoint.taskId()));
      } catch (IllegalArgumentException e) {
        // Not a task id: secretFor answers the default without a query.
      }
    }
    Map<UUID, List<WebhookTarget>> webhooksByTask = webhooks.of(ids);
    for (Endpoint endpoint : endpoints) {
      cache.put(
          key(endpoint.taskId(), endpoint.target()),
          named(
              endpoint.taskId(),
              webhooksByTask.getOrDefault(uuid(endpoint.taskId()), List.of()),
              endpoint.target()));
    }
  }

  /** The webhook among a task's that {@code target} names, by endpoint id or URL. */
  private static Optional<WebhookTarget> named(
      String taskId, List<WebhookTarget> webhooks, String target) {
    boolean byId = WebhookEndpointRef.isId(target);
    return webhooks.stream()
        .filter(w -> w.url() != null)
        .filter(
            w ->
                byId
                    ? WebhookEndpointRef.idOf(taskId, w.url()).equals(target)
                    : w.url().strip().equals(target))
        .map(w -> new WebhookTarget(w.url(), w.secret() == null ? "" : w.secret()))
        .findFirst();
  }

  /** The task id as a UUID, or null when it is not one. */
  private static UUID uuid(String taskId) {
    try {
      return UUID.fromString(taskId);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static String key(String taskId, String url) {
    return taskId + " " + url;
  }

  private Optional<WebhookTarget> lookUp(String taskId, String target) {
    UUID id = uuid(taskId);
    if (id == null) {
      return Optional.empty();
    }
    return named(taskId, webhooks.of(List.of(id)).getOrDefault(id, List.of()), target);
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
