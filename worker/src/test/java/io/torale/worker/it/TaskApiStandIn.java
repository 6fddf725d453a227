package io.torale.worker.it;

import io.torale.platform.task.Task;
import io.torale.platform.task.TaskStatus;
import io.torale.platform.task.WebhookTarget;
import io.torale.platform.taskapi.TaskApi;
import io.torale.testsupport.LoopbackServer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stands in for the command consumer's {@link TaskApi} in the worker's integration tests (the
 * end-to-end suite runs the real one): an HTTP server on 127.0.0.1 that answers the three calls
 * from tasks a test puts in, as the real API does (secrets left out of a task, kept in the webhooks
 * answer, a completion sets {@code COMPLETED} unless deleted; the real one also removes the
 * schedule, under the task's lock), and refuses a wrong token. It fakes the command consumer,
 * nothing else.
 */
final class TaskApiStandIn extends LoopbackServer {

  public static final String TOKEN = "stand-in-service-token";

  /** command-consumer's completion endpoint: {@code POST /internal/tasks/{id}/completion}. */
  private static final String COMPLETION = "/completion";

  private final JsonMapper json = JsonMapper.builder().build();
  private final Map<UUID, Task> tasks = new ConcurrentHashMap<>();
  private final List<String> requests = new CopyOnWriteArrayList<>();

  private final boolean completes;

  TaskApiStandIn() {
    this(true);
  }

  /**
   * @param completes whether a completion request sets the task {@code COMPLETED}; without, it is
   *     only recorded, and a {@code ONCE} task keeps running (and notifies no more)
   */
  TaskApiStandIn(boolean completes) {
    this.completes = completes;
    start();
  }

  /** The base URL, for {@code torale.task-api.url}. */
  String url() {
    return url("");
  }

  public void put(Task task) {
    tasks.put(task.id(), task);
  }

  public Optional<Task> task(UUID id) {
    return Optional.ofNullable(tasks.get(id));
  }

  /** "METHOD path" of every authorised request so far. */
  public List<String> requests() {
    return List.copyOf(requests);
  }

  @Override
  protected MockResponse answer(RecordedRequest request) {
    if (!("Bearer " + TOKEN).equals(request.getHeader("Authorization"))) {
      return new MockResponse().setResponseCode(401);
    }
    String path = request.getPath();
    requests.add(request.getMethod() + " " + path);
    try {
      if (path.startsWith(TaskApi.WEBHOOKS_PATH + "?ids=")) {
        Map<UUID, List<WebhookTarget>> webhooks = new LinkedHashMap<>();
        Arrays.stream(path.substring(path.indexOf('=') + 1).split(","))
            .map(UUID::fromString)
            .map(tasks::get)
            .filter(java.util.Objects::nonNull)
            .forEach(task -> webhooks.put(task.id(), task.notifications().webhooks()));
        return ok(json.writeValueAsString(webhooks));
      }
      String rest = path.substring(TaskApi.BASE_PATH.length() + 1);
      if (rest.endsWith(COMPLETION) && request.getMethod().equals("POST")) {
        UUID id = UUID.fromString(rest.substring(0, rest.length() - COMPLETION.length()));
        tasks.computeIfPresent(
            id,
            (key, task) ->
                !completes || task.status() == TaskStatus.DELETED
                    ? task
                    : task.withStatus(TaskStatus.COMPLETED));
        return tasks.containsKey(id)
            ? ok("{\"taskId\":\"" + id + "\",\"result\":\"COMPLETED\"}")
            : new MockResponse().setResponseCode(404);
      }
      Task task = tasks.get(UUID.fromString(rest));
      return task == null
          ? new MockResponse().setResponseCode(404)
          : ok(json.writeValueAsString(task.withoutWebhookSecrets()));
    } catch (RuntimeException e) {
      return new MockResponse().setResponseCode(400).setBody(e.toString());
    }
  }

  private static MockResponse ok(String body) {
    return new MockResponse().setHeader("Content-Type", "application/json").setBody(body);
  }
}
