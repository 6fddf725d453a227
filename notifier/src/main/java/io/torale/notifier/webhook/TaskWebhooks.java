package io.torale.notifier.webhook;

import io.torale.platform.task.WebhookTarget;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Where the signing secrets of tasks' webhooks come from: the one lookup {@link WebhookSecrets}
 * caches. Today the command consumer's task API ({@link TaskApiWebhooks}); a later change can put a
 * secret store behind this without touching the cache or the sender.
 */
interface TaskWebhooks {

  /** The webhooks of each existing task among {@code taskIds}; unknown ids are left out. */
  Map<UUID, List<WebhookTarget>> of(Collection<UUID> taskIds);
}
