package io.torale.commandconsumer.completion;

import java.util.Map;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /internal/tasks/{taskId}/completion}: the worker's request to complete a {@code ONCE}
 * task. Internal: guarded by the same bearer token as {@code /admin}, never exposed to integrators.
 * 200 with what was found and left; 404 for an unknown task (the worker's activity then fails for
 * good); any other failure is a 5xx the worker retries.
 */
@RestController
class CompletionController {

  private final TaskCompletions completions;

  CompletionController(TaskCompletions completions) {
    this.completions = completions;
  }

  @PostMapping("/internal/tasks/{taskId}/completion")
  ResponseEntity<Map<String, String>> complete(@PathVariable UUID taskId) {
    return completions
        .complete(taskId)
        .map(done -> ResponseEntity.ok(Map.of("taskId", taskId.toString(), "result", done.name())))
        .orElseGet(() -> ResponseEntity.notFound().build());
  }
}
