package io.torale.commandconsumer.taskapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.torale.commandconsumer.support.ConsumerIT;
import io.torale.localstack.LocalStackExtension;
import io.torale.platform.task.Task;
import io.torale.platform.task.WebhookTarget;
import io.torale.platform.taskapi.TaskApiClient;
import io.torale.platform.taskapi.TaskApiProperties;
import io.torale.schemas.secrets.StorageKeys;
import io.torale.schemas.v1.CommandOutcome;
import io.torale.testsupport.commands.Commands;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

/**
 * The task API as the worker and the notifier call it: the platform's {@link TaskApiClient} against
 * this service on a real port and database.
 */
class TaskApiIT extends ConsumerIT {

  private static final String SECRET = "whsec_dGFzay1hcGktdGVzdC1zZWNyZXQ=";

  @Value("${local.server.port}")
  int port;

  @Autowired StorageKeys storageKeys;

  private TaskApiClient client(String token) {
    return new TaskApiClient(
        new TaskApiProperties(
            URI.create("http://localhost:" + port), token, Duration.ofSeconds(5)));
  }

  private String createdTask() {
    String taskId = newTaskId();
    applyExpecting(
        Commands.createWithWebhookSecret(taskId, LocalStackExtension.stack().seal(SECRET)),
        CommandOutcome.APPLIED);
    return taskId;
  }

  @Test
  void servesTheTaskWithoutItsWebhookSecrets() {
    String taskId = createdTask();

    Task served = client(TASK_API_TOKEN).find(UUID.fromString(taskId)).orElseThrow();

    Task stored = task(taskId).orElseThrow();
    assertThat(stored.notifications().webhooks().getFirst().secret()).startsWith("tenc_");
    assertThat(served).isEqualTo(stored.withoutWebhookSecrets());
    assertThat(served.notifications().webhooks())
        .containsExactly(new WebhookTarget("https://hooks.example.com/torale", null));
    assertThat(client(TASK_API_TOKEN).find(UUID.randomUUID())).isEmpty();
  }

  @Test
  void servesTheSigningSecretsOfTheNamedTasksOnlyAndOnlyEncrypted() {
    String taskId = createdTask();
    UUID unknown = UUID.randomUUID();

    var webhooks = client(TASK_API_TOKEN).webhooks(List.of(UUID.fromString(taskId), unknown));

    assertThat(webhooks).containsOnlyKeys(UUID.fromString(taskId));
    WebhookTarget served = webhooks.get(UUID.fromString(taskId)).getFirst();
    assertThat(served.url()).isEqualTo(Commands.WEBHOOK_URL);
    // Encrypted and bound to the task: only a holder of the storage keys (the notifier) reads it.
    assertThat(served.secret()).startsWith("tenc_").doesNotContain(SECRET);
    assertThat(storageKeys.decrypt(served.secret(), taskId)).isEqualTo(SECRET);
  }

  @Test
  void refusesAMissingOrWrongServiceToken() throws Exception {
    String taskId = createdTask();

    assertThatThrownBy(() -> client("wrong").find(UUID.fromString(taskId)))
        .isInstanceOf(TaskApiClient.TaskApiException.class)
        .hasMessageContaining("401");
    try (HttpClient http = HttpClient.newHttpClient()) {
      for (String path :
          List.of("/internal/tasks/" + taskId, "/internal/tasks/webhooks?ids=" + taskId)) {
        var response =
            http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path).isEqualTo(401);
        assertThat(response.body()).doesNotContain("tenc_").doesNotContain(SECRET);
      }
    }
  }
}
