package io.torale.platform.taskapi;

/**
 * The command consumer's internal task API: how the worker and the notifier read what they need of
 * a task without touching the command consumer's tables. JSON bodies are the {@link
 * io.torale.platform.task} model; every request carries {@code Authorization: Bearer} with the
 * shared service token ({@code torale.task-api.token}).
 *
 * <ul>
 *   <li>{@code GET /internal/tasks/{id}}: the {@link io.torale.platform.task.Task}, webhook secrets
 *       left out (null); 404 when there is no such task.
 *   <li>{@code GET /internal/tasks/webhooks?ids=<uuid>,<uuid>}: the webhooks of each existing task
 *       of those ids, with their signing secrets, as {@code {"<id>": [{"url", "secret"}]}}.
 *   <li>{@code POST /internal/tasks/{id}/complete}: a {@code ONCE} task's completion (status {@code
 *       COMPLETED} unless deleted); 204, also when nothing changed.
 * </ul>
 */
public final class TaskApi {

  public static final String BASE_PATH = "/internal/tasks";
  public static final String WEBHOOKS_PATH = BASE_PATH + "/webhooks";

  /** Most task ids one webhooks request may name, so its URL stays short. */
  public static final int MAX_IDS = 100;

  private TaskApi() {}
}
