package io.torale.commandconsumer.taskapi;

import io.torale.commandconsumer.task.TaskStore;
import io.torale.platform.task.Task;
import io.torale.platform.task.WebhookTarget;
import io.torale.platform.taskapi.TaskApi;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * The {@link TaskApi}: what the worker and the notifier need of tasks, served by the service that
 * owns them, so that no other service reads or writes the {@code tasks} table. Behind the service
 * token ({@link TaskApiSecurity}).
 */
@RestController
@RequestMapping(TaskApi.BASE_PATH)
class TaskApiController {

  private final TaskStore tasks;

  TaskApiController(TaskStore tasks) {
    this.tasks = tasks;
  }

  /** A run's view of the task: everything but the webhook secrets. */
  @GetMapping("/{taskId}")
  ResponseEntity<Task> task(@PathVariable String taskId) {
    return ResponseEntity.of(tasks.find(uuid(taskId)).map(Task::withoutWebhookSecrets));
  }

  /** The notifier's signing secrets: each named task's webhooks; unknown ids are left out. */
  @GetMapping("/webhooks")
  Map<UUID, List<WebhookTarget>> webhooks(@RequestParam List<String> ids) {
    if (ids.size() > TaskApi.MAX_IDS) {
      throw new ResponseStatusException(
          HttpStatus.BAD_REQUEST, "at most " + TaskApi.MAX_IDS + " ids per request");
    }
    Map<UUID, List<WebhookTarget>> webhooks = new LinkedHashMap<>();
    for (Task task : tasks.findAll(ids.stream().map(TaskApiController::uuid).distinct().toList())) {
      webhooks.put(task.id(), task.notifications().webhooks());
    }
    return webhooks;
  }

  private static UUID uuid(String taskId) {
    try {
      return UUID.fromString(taskId);
    } catch (IllegalArgumentException e) {
      throw new ResponseStatusException(HttpStatus.BAD_REQUEST, "task id must be a UUID");
    }
  }
}
