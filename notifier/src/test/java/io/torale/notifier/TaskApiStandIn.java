package io.torale.notifier;

import io.torale.platform.task.WebhookTarget;
import io.torale.platform.taskapi.TaskApi;
import io.torale.testsupport.LoopbackServer;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stands in for the command consumer's webhook-secret lookup ({@link TaskApi#WEBHOOKS_PATH}) in the
 * notifier's integration tests (the end-to-end suite runs the real one): an HTTP server on
 * 127.0.0.1 per test class ({@code @ExtendWith}), pointed at by the {@code torale.task-api.*}
 * system properties before the class's Spring context starts, and stopped after the class. Tasks it
 * was not told about have no webhooks of their own, so their deliveries are signed with the default
 * secret. It fakes the command consumer only.
 */
public final class TaskApiStandIn extends LoopbackServer implements BeforeAllCallback {

  static final String TOKEN = "stand-in-service-token";

  private static final Map<UUID, List<WebhookTarget>> WEBHOOKS = new ConcurrentHashMap<>();

  private final JsonMapper json = JsonMapper.builder().build();

  public TaskApiStandIn() {
    start();
  }

  /** Gives a task webhooks with their own secrets. */
  static void webhooks(UUID taskId, List<WebhookTarget> webhooks) {
    WEBHOOKS.put(taskId, List.copyOf(webhooks));
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    System.setProperty("torale.task-api.url", url(""));
    System.setProperty("torale.task-api.token", TOKEN);
  }

  @Override
  protected MockResponse answer(RecordedRequest request) {
    String path = request.getPath();
    if (!("Bearer " + TOKEN).equals(request.getHeader("Authorization"))) {
      return new MockResponse().setResponseCode(401);
    }
    if (path == null || !path.startsWith(TaskApi.WEBHOOKS_PATH + "?ids=")) {
      return new MockResponse().setResponseCode(404);
    }
    Map<UUID, List<WebhookTarget>> answer = new LinkedHashMap<>();
    Arrays.stream(path.substring(path.indexOf('=') + 1).split(","))
        .map(UUID::fromString)
        .filter(WEBHOOKS::containsKey)
        .forEach(id -> answer.put(id, WEBHOOKS.get(id)));
    return new MockResponse()
        .setHeader("Content-Type", "application/json")
        .setBody(json.writeValueAsString(answer));
  }
}
