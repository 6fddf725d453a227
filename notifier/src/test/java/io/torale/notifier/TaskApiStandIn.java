package io.torale.notifier;

import io.torale.platform.task.WebhookTarget;
import io.torale.platform.taskapi.TaskApi;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.mockwebserver.Dispatcher;
import okhttp3.mockwebserver.MockResponse;
import okhttp3.mockwebserver.MockWebServer;
import okhttp3.mockwebserver.RecordedRequest;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stands in for the command consumer's webhook-secret lookup ({@link TaskApi#WEBHOOKS_PATH}) in the
 * notifier's integration tests (the end-to-end suite runs the real one): one HTTP server on
 * 127.0.0.1 per test JVM, pointed at by the {@code torale.task-api.*} system properties before a
 * test class's Spring context starts. Tasks it was not told about have no webhooks of their own, so
 * their deliveries are signed with the default secret. It fakes the command consumer only.
 */
public final class TaskApiStandIn implements BeforeAllCallback {

  static final String TOKEN = "stand-in-service-token";

  private static final Map<UUID, List<WebhookTarget>> WEBHOOKS = new ConcurrentHashMap<>();
  private static MockWebServer server;

  /** Gives a task webhooks with their own secrets. */
  static void webhooks(UUID taskId, List<WebhookTarget> webhooks) {
    WEBHOOKS.put(taskId, List.copyOf(webhooks));
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    synchronized (TaskApiStandIn.class) {
      if (server == null) {
        server = start();
      }
    }
    System.setProperty("torale.task-api.url", server.url("/").toString());
    System.setProperty("torale.task-api.token", TOKEN);
  }

  private static MockWebServer start() {
    JsonMapper json = JsonMapper.builder().build();
    MockWebServer started = new MockWebServer();
    started.setDispatcher(
        new Dispatcher() {
          @Override
          public MockResponse dispatch(RecordedRequest request) {
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
        });
    try {
      started.start(InetAddress.getByName("127.0.0.1"), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return started;
  }
}
