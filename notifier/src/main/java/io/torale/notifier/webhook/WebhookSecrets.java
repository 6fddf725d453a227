package io.torale.notifier.webhook;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.torale.platform.task.WebhookTarget;
import io.torale.schemas.secrets.StorageKeys;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
   * Keyed by task and URL; the value is the task's own secret as stored (encrypted), empty for a
   * known "no secret of the task's own".
   */
  private final Cache<String, Optional<String>> cache;

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
   * The secret, or null when neither the task nor the configuration has one.
   *
   * @throws UndecryptableSecretException when the task's stored secret does not decrypt with the
   *     configured storage keys
   */
  String secretFor(String taskId, String url) {
    String stored =
        caching
            ? cache
                .get(key(taskId, url), key -> Optional.ofNullable(lookUp(taskId, url)))
                .orElse(null)
            : lookUp(taskId, url);
    return stored == null ? blankToNull(defaultSecret) : decrypt(stored, taskId);
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

  /** Whose secret: a task's endpoint. */
  record Endpoint(String taskId, String url) {}

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
      String secret =
          secretIn(webhooksByTask.getOrDefault(uuid(endpoint.taskId()), List.of()), endpoint.url());
      cache.put(key(endpoint.taskId(), endpoint.url()), Optional.ofNullable(secret));
    }
  }

  private String secretIn(List<WebhookTarget> webhooks, String url) {
    return webhooks.stream()
        .filter(w -> w.url() != null && w.url().trim().equals(url))
        .map(WebhookTarget::secret)
        .filter(Objects::nonNull)
        .filter(s -> !s.isBlank())
        .findFirst()
        .orElse(null);
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

  private String lookUp(String taskId, String url) {
    UUID id;
    try {
      id = UUID.fromString(taskId);
    } catch (IllegalArgumentException e) {
      return null;
    }
    return secretIn(webhooks.of(List.of(id)).getOrDefault(id, List.of()), url);
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
