package io.torale.commandconsumer.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.torale.commandconsumer.support.ConsumerIT;
import io.torale.localstack.LocalStackExtension;
import io.torale.platform.monitoring.ScheduleIds;
import io.torale.schemas.v1.CommandOutcome;
import io.torale.testsupport.commands.Commands;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Value;

class AdminIT extends ConsumerIT {

  @Value("${local.server.port}")
  int port;

  private final HttpClient http = HttpClient.newHttpClient();

  private HttpResponse<String> call(String method, String path, String authorization)
      throws Exception {
    var request =
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
            .method(method, HttpRequest.BodyPublishers.noBody());
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  @ParameterizedTest
  @CsvSource({
    "GET,/admin/temporal/workflows",
    "GET,/admin/temporal/schedules",
    "GET,/admin/tasks/00000000-0000-0000-0000-000000000000",
    "POST,/admin/reconcile"
  })
  void everyEndpointAnswers401WithoutAValidToken(String method, String path) throws Exception {
    for (String authorization :
        java.util.Arrays.asList(null, "Bearer wrong", "test-admin-token", "Basic dGVzdA==")) {
      var response = call(method, path, authorization);
      assertThat(response.statusCode())
          .as("%s %s with %s", method, path, authorization)
          .isEqualTo(401);
      assertThat(response.body()).isEmpty();
    }
  }

  @Test
  void healthNeedsNoToken() throws Exception {
    assertThat(call("GET", "/actuator/health", null).statusCode()).isEqualTo(200);
  }

  @Test
  void showsTaskAndScheduleSideBySideWithoutSecrets() throws Exception {
    String taskId = newTaskId();
    applyExpecting(
        Commands.createWithWebhookSecret(
            taskId, LocalStackExtension.stack().seal("whsec_YWRtaW4tdmlldy1zZWNyZXQ=")),
        CommandOutcome.APPLIED);

    var response = call("GET", "/admin/tasks/" + taskId, "Bearer " + ADMIN_TOKEN);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body())
        .contains("\"cron\":\"0 9 * * *\"", "Europe/Berlin", ScheduleIds.forTask(taskId))
        .contains("\"hasSecret\":true", "https://hooks.example.com/torale")
        .contains("\"source\":{\"type\":\"GROUNDED_SEARCH\"}", "\"notifyBehavior\":\"ONCE\"")
        .doesNotContain("whsec_", "tenc_", "tsealed_");
    assertThat(call("GET", "/admin/tasks/" + newTaskId(), "Bearer " + ADMIN_TOKEN).statusCode())
        .isEqualTo(404);
  }

  @Test
  void listsSchedulesAndRunsWithUiLinks() throws Exception {
    String taskId = newTaskId();
    applyExpecting(Commands.create(taskId), CommandOutcome.APPLIED);
    var run = Commands.runNow(taskId);
    applyExpecting(run, CommandOutcome.APPLIED);

    var schedules = call("GET", "/admin/temporal/schedules", "Bearer " + ADMIN_TOKEN);
    assertThat(schedules.statusCode()).isEqualTo(200);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                call("GET", "/admin/temporal/schedules", "Bearer " + ADMIN_TOKEN)
                    .body()
                    .contains(ScheduleIds.forTask(taskId)));

    String workflowId = ScheduleIds.forTask(taskId) + "-now-" + run.getCommandId();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () ->
                call(
                        "GET",
                        "/admin/temporal/workflows?taskId=" + taskId + "&status=running",
                        "Bearer " + ADMIN_TOKEN)
                    .body()
                    .contains(workflowId));
    var runs =
        call("GET", "/admin/temporal/workflows?taskId=" + taskId, "Bearer " + ADMIN_TOKEN).body();
    assertThat(runs)
        .contains("/namespaces/default/workflows/" + workflowId + "/", "\"status\":\"RUNNING\"");
    assertThat(
            call("GET", "/admin/temporal/workflows?status=bogus", "Bearer " + ADMIN_TOKEN)
                .statusCode())
        .isEqualTo(400);
    workflows.newUntypedWorkflowStub(workflowId).terminate("test done");
  }

  @Test
  void reconcilesOnDemand() throws Exception {
    var response = call("POST", "/admin/reconcile", "Bearer " + ADMIN_TOKEN);
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body())
        .contains("schedulesDeleted", "schedulesCreated", "pauseFixed", "specFixed");
    assertThat(List.of()).isEmpty();
  }
}
