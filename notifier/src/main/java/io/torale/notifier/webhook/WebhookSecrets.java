package io.torale.notifier.webhook;

import io.torale.platform.task.StoredTask;
import io.torale.platform.task.TaskStore;
import java.util.Objects;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * The signing secret of an endpoint: the one stored with the task for that URL (secrets never
 * travel on Kafka), else the configured default.
 */
@Component
class WebhookSecrets {

  private final TaskStore tasks;
  private final String defaultSecret;

  WebhookSecrets(TaskStore tasks, WebhookProperties properties) {
    this.tasks = tasks;
    this.defaultSecret = properties.defaultSecret();
  }

  /** The secret, or null when neither the task nor the configuration has one. */
  String secretFor(String taskId, String url) {
    UUID id;
    try {
      id = UUID.fromString(taskId);
    } catch (IllegalArgumentException e) {
      return blankToNull(defaultSecret);
    }
    return tasks
        .find(id)
        .flatMap(
            task ->
                task.webhooks().stream()
                    .filter(w -> w.url() != null && w.url().trim().equals(url))
                    .map(StoredTask.WebhookTarget::secret)
                    .filter(Objects::nonNull)
                    .filter(s -> !s.isBlank())
                    .findFirst())
        .orElse(blankToNull(defaultSecret));
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
