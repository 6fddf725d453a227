package io.torale.commandconsumer.secrets;

import io.torale.commandconsumer.validation.Rejection;
import io.torale.platform.task.Notifications;
import io.torale.platform.task.Task;
import io.torale.platform.task.WebhookTarget;
import io.torale.schemas.secrets.SealedSecrets;
import io.torale.schemas.secrets.SealingKeys;
import io.torale.schemas.secrets.StorageKeys;
import io.torale.schemas.v1.CreateTask;
import io.torale.schemas.v1.TaskCommand;
import io.torale.schemas.v1.UpdateTask;
import io.torale.schemas.v1.Webhook;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Where a webhook secret enters Torale: a command must carry it sealed ({@code tsealed_…}, see
 * {@link SealedSecrets}); it is opened here, in memory only, and stored encrypted under the current
 * storage key, bound to its task ({@code tenc_…}). A plaintext {@code whsec_} is refused, so no
 * stored row, log line or result ever holds one. Reasons never quote the value.
 */
public class WebhookSecretIntake {

  static final String PLAINTEXT_REFUSED =
      "a plaintext whsec_ secret is refused: seal it to Torale's public key from GET"
          + " /secrets/sealing-key (SealedSecrets.seal in torale-schemas; ./torale task create"
          + " seals --webhook-secret), or leave it out and verify the v1a signature";
  static final String NO_KEYS =
      "this Torale accepts no webhook secret (no torale.secrets.sealing-keys and"
          + " storage-keys configured): leave it out and verify the v1a signature";

  private final SealingKeys sealing;
  private final StorageKeys storage;

  public WebhookSecretIntake(SealingKeys sealing, StorageKeys storage) {
    this.sealing = sealing;
    this.storage = storage;
  }

  /** One rejection per webhook secret of a create or update that cannot be taken in. */
  public List<Rejection> check(TaskCommand command) {
    io.torale.schemas.v1.Notifications notifications =
        switch (command.getCommand()) {
          case CreateTask create -> create.getNotifications();
          case UpdateTask update -> update.getNotifications();
          default -> null;
        };
    if (notifications == null || notifications.getWebhooks() == null) {
      return List.of();
    }
    List<Rejection> reasons = new ArrayList<>();
    List<Webhook> webhooks = notifications.getWebhooks();
    for (int i = 0; i < webhooks.size(); i++) {
      String secret = webhooks.get(i).getSecret();
      if (secret == null || secret.isBlank()) {
        continue;
      }
      String problem = problem(secret);
      if (problem != null) {
        reasons.add(
            new Rejection("command.notifications.webhooks[%d].secret".formatted(i), problem));
      }
    }
    return reasons;
  }

  private String problem(String secret) {
    if (SealedSecrets.isPlaintext(secret)) {
      return PLAINTEXT_REFUSED;
    }
    if (sealing.isEmpty() || storage.isEmpty()) {
      return NO_KEYS;
    }
    if (!SealedSecrets.isSealed(secret)) {
      return "must be a secret sealed to Torale's public key (tsealed_…, GET /secrets/sealing-key)";
    }
    String opened;
    try {
      opened = sealing.open(secret);
    } catch (IllegalArgumentException e) {
      return "cannot be opened ("
          + e.getMessage()
          + "): seal it again to the current key from GET /secrets/sealing-key";
    }
    return isWebhookSecret(opened)
        ? null
        : "the sealed value is not a Standard Webhooks secret (whsec_ and base64)";
  }

  /**
   * The task with every sealed secret opened and stored encrypted under the current key. Secrets
   * already stored ({@code tenc_…}, the task's own from before an update) stay as they are.
   */
  public Task protect(Task task) {
    List<WebhookTarget> webhooks = new ArrayList<>();
    for (WebhookTarget webhook : task.notifications().webhooks()) {
      String secret = webhook.secret();
      if (secret != null && SealedSecrets.isSealed(secret)) {
        secret = storage.encrypt(sealing.open(secret), task.id().toString());
      } else if (secret != null && secret.isBlank()) {
        secret = null;
      }
      webhooks.add(new WebhookTarget(webhook.url(), secret));
    }
    return task.toBuilder()
        .notifications(new Notifications(task.notifications().emails(), webhooks))
        .build();
  }

  private static boolean isWebhookSecret(String value) {
    if (!value.startsWith(SealedSecrets.PLAINTEXT_PREFIX)) {
      return false;
    }
    try {
      return Base64.getDecoder()
              .decode(value.substring(SealedSecrets.PLAINTEXT_PREFIX.length()))
              .length
          > 0;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
