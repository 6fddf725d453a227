package io.torale.commandconsumer.secrets;

import io.torale.commandconsumer.task.TaskStore;
import io.torale.platform.task.Task;
import io.torale.platform.task.TaskStatus;
import io.torale.platform.task.WebhookTarget;
import io.torale.schemas.secrets.SealedSecrets;
import io.torale.schemas.secrets.StorageKeys;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;

/**
 * At start-up, brings every stored webhook secret under the current storage key: a plaintext {@code
 * whsec_} left by an earlier release is encrypted, and one under an older key (after a rotation) is
 * re-encrypted, so the older key can be dropped once this has run. Each row is replaced only if its
 * webhooks are still what was read, so a concurrent command wins.
 */
@Component
class StoredSecretsRewrap implements ApplicationRunner {

  private static final Logger log = LoggerFactory.getLogger(StoredSecretsRewrap.class);

  private final TaskStore tasks;
  private final StorageKeys keys;

  StoredSecretsRewrap(TaskStore tasks, StorageKeys keys) {
    this.tasks = tasks;
    this.keys = keys;
  }

  @Override
  public void run(ApplicationArguments args) {
    if (keys.isEmpty()) {
      return;
    }
    int rewrapped = 0;
    for (Task task : tasks.findByStatus(List.of(TaskStatus.values()))) {
      List<WebhookTarget> before = task.notifications().webhooks();
      List<WebhookTarget> after = new ArrayList<>();
      try {
        for (WebhookTarget webhook : before) {
          after.add(new WebhookTarget(webhook.url(), current(webhook.secret(), task)));
        }
      } catch (IllegalArgumentException e) {
        log.warn(
            "Task {}: a stored webhook secret cannot be re-encrypted: {}",
            task.id(),
            e.getMessage());
        continue;
      }
      if (!after.equals(before) && tasks.replaceWebhooks(task.id(), before, after)) {
        rewrapped++;
      }
    }
    if (rewrapped > 0) {
      log.info(
          "Re-encrypted the webhook secrets of {} tasks under the current storage key", rewrapped);
    }
  }

  private String current(String secret, Task task) {
    String taskId = task.id().toString();
    if (secret == null || secret.isBlank()) {
      return secret;
    }
    if (SealedSecrets.isPlaintext(secret)) {
      return keys.encrypt(secret.strip(), taskId);
    }
    if (StorageKeys.isStored(secret) && !keys.isCurrent(secret)) {
      return keys.encrypt(keys.decrypt(secret, taskId), taskId);
    }
    return secret;
  }
}
