package io.torale.notifier.webhook;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.torale.platform.task.TaskStore;
import io.torale.platform.task.WebhookTarget;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The signing secret of an endpoint: the one stored with the task for that URL (secrets never
 * travel on Kafka), else the configured default. Lookups are kept for {@code secretCacheTtl}: an
 * event's deliveries, and the retries of one, would otherwise read the same task row once per
 * attempt.
 */
@Component
class WebhookSecrets {

  /** Past this many entries the least used go first, so it stays small whatever the traffic. */
  private static final int MAX_ENTRIES = 10_000;

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final TypeReference<List<WebhookTarget>> WEBHOOKS = new TypeReference<>() {};

  private final TaskStore tasks;
  private final JdbcClient jdbc;
  private final String defaultSecret;
  private final boolean caching;

  /** Keyed by task and URL; an empty value is a known "no secret of the task's own". */
  private final Cache<String, Optional<String>> cache;

  WebhookSecrets(TaskStore tasks, JdbcClient jdbc, WebhookProperties properties) {
    this.tasks = tasks;
    this.jdbc = jdbc;
    this.defaultSecret = properties.defaultSecret();
    Duration ttl = properties.secretCacheTtl();
    this.caching = ttl != null && ttl.isPositive();
    this.cache =
        Caffeine.newBuilder()
            .expireAfterWrite(caching ? ttl : Duration.ZERO)
            .maximumSize(MAX_ENTRIES)
            .build();
  }

  /** The secret, or null when neither the task nor the configuration has one. */
  String secretFor(String taskId, String url) {
    if (!caching) {
      return lookUp(taskId, url);
    }
    return cache
        .get(key(taskId, url), key -> Optional.ofNullable(lookUp(taskId, url)))
        .orElse(null);
  }

  /** Whose secret: a task's endpoint. */
  record Endpoint(String taskId, String url) {}

  /**
   * Looks up the secrets of many endpoints in one query and caches them; {@link #secretFor} then
   * finds them (for {@code secretCacheTtl}). Reads the tasks' {@code webhooks} column as {@link
   * io.torale.platform.task.TaskStore} writes it.
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
    Map<String, List<WebhookTarget>> webhooksByTask = new HashMap<>();
    if (!ids.isEmpty()) {
      jdbc.sql("SELECT id, webhooks FROM tasks WHERE id IN (:ids)")
          .param("ids", ids.stream().distinct().toList())
          .query(
              (row, n) ->
                  Map.entry(
                      row.getString("id"), JSON.readValue(row.getString("webhooks"), WEBHOOKS)))
          .list()
          .forEach(e -> webhooksByTask.put(e.getKey(), e.getValue()));
    }
    for (Endpoint endpoint : endpoints) {
      String secret =
          secretIn(
              webhooksByTask.getOrDefault(canonical(endpoint.taskId()), List.of()), endpoint.url());
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
        .orElse(blankToNull(defaultSecret));
  }

  /** The task id as PostgreSQL prints a UUID, or null when it is not one. */
  private static String canonical(String taskId) {
    try {
      return UUID.fromString(taskId).toString();
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
      return blankToNull(defaultSecret);
    }
    return secretIn(
        tasks.find(id).map(task -> task.notifications().webhooks()).orElse(List.of()), url);
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
