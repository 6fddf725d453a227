package io.torale.notifier.webhook;

import io.torale.platform.task.WebhookTarget;
import io.torale.platform.taskapi.TaskApiClient;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** {@link TaskWebhooks} from the command consumer, which owns tasks: one request per claim. */
@Component
class TaskApiWebhooks implements TaskWebhooks {

  private final TaskApiClient tasks;

  TaskApiWebhooks(TaskApiClient tasks) {
    this.tasks = tasks;
  }

  @Override
  public Map<UUID, List<WebhookTarget>> of(Collection<UUID> taskIds) {
    return taskIds.isEmpty() ? Map.of() : tasks.webhooks(taskIds);
  }
}
