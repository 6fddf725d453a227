package io.torale.platform.taskapi;

import io.torale.platform.task.Task;
import io.torale.platform.task.WebhookTarget;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Calls the command consumer's {@link TaskApi}. One {@link HttpClient} per instance, shared by all
 * threads (it is thread-safe and keeps connections alive), so a run pays one loopback round trip,
 * not a connection set-up. Failures other than "no such task" throw {@link TaskApiException}: the
 * caller retries (a Temporal activity, the notifier's delivery ladder).
 */
public class TaskApiClient {

  private static final TypeReference<Map<UUID, List<WebhookTarget>>> WEBHOOKS =
      new TypeReference<>() {};

  private final TaskApiProperties properties;
  private final HttpClient http;
  private final JsonMapper json = JsonMapper.builder().build();

  public TaskApiClient(TaskApiProperties properties) {
    this.properties = properties;
    this.http =
        HttpClient.newBuilder()
            // Plain HTTP/1.1 keep-alive: no h2c upgrade round on the first request.
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(properties.timeout())
            .build();
  }

  /** The task without its webhook secrets; empty when there is none with this id. */
  public Optional<Task> find(UUID taskId) {
    HttpResponse<String> response = send(request(TaskApi.BASE_PATH + "/" + taskId).GET());
    if (response.statusCode() == 404) {
      return Optional.empty();
    }
    expect(response, 200);
    return Optional.of(json.readValue(response.body(), Task.class));
  }

  /** The webhooks, secrets included, of each existing task among {@code taskIds}. */
  public Map<UUID, List<WebhookTarget>> webhooks(Collection<UUID> taskIds) {
    List<UUID> ids = taskIds.stream().distinct().toList();
    Map<UUID, List<WebhookTarget>> all = new HashMap<>();
    for (int from = 0; from < ids.size(); from += TaskApi.MAX_IDS) {
      String query =
          ids.subList(from, Math.min(ids.size(), from + TaskApi.MAX_IDS)).stream()
              .map(UUID::toString)
              .collect(Collectors.joining(","));
      HttpResponse<String> response = send(request(TaskApi.WEBHOOKS_PATH + "?ids=" + query).GET());
      expect(response, 200);
      all.putAll(json.readValue(response.body(), WEBHOOKS));
    }
    return all;
  }

  private HttpRequest.Builder request(String path) {
    return HttpRequest.newBuilder(URI.create(stripSlash(properties.url().toString()) + path))
        .timeout(properties.timeout())
        .header("Authorization", "Bearer " + properties.token())
        .header("Accept", "application/json");
  }

  private HttpResponse<String> send(HttpRequest.Builder request) {
    HttpRequest built = request.build();
    try {
      return http.send(built, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new TaskApiException(
          "task API unreachable at " + properties.url() + ": " + e, new UncheckedIOException(e));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TaskApiException("interrupted calling the task API", e);
    }
  }

  private static void expect(HttpResponse<String> response, int status) {
    if (response.statusCode() != status) {
      throw new TaskApiException(
          "task API answered %d to %s %s"
              .formatted(
                  response.statusCode(), response.request().method(), response.request().uri()),
          null);
    }
  }

  private static String stripSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  /** The task API could not answer; worth retrying. */
  public static final class TaskApiException extends RuntimeException {
    TaskApiException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
