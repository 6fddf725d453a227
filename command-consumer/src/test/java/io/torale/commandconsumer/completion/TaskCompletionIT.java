package io.torale.commandconsumer.completion;

import static org.assertj.core.api.Assertions.assertThat;

import io.torale.commandconsumer.support.ConsumerIT;
import io.torale.platform.task.TaskStatus;
import io.torale.schemas.v1.CommandOutcome;
import io.torale.schemas.v1.CommandResult;
import io.torale.schemas.v1.Schedule;
import io.torale.schemas.v1.UpdateTask;
import io.torale.testsupport.commands.Commands;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The worker's completion of a ONCE task goes through the same per-task lock as commands. */
class TaskCompletionIT extends ConsumerIT {

  @LocalServerPort int port;

  private final HttpClient http = HttpClient.newHttpClient();

  private HttpResponse<String> complete(String taskId, String token) {
    try {
      return http.send(
          HttpRequest.newBuilder(
                  URI.create(
                      "http://127.0.0.1:%d/internal/tasks/%s/completion".formatted(port, taskId)))
              .header("Authorization", "Bearer " + token)
              .POST(HttpRequest.BodyPublishers.noBody())
              .build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void anUpdateRacingACompletionNeverRevivesTheTask() {
    List<String> taskIds = new ArrayList<>();
    List<CompletableFuture<CommandResult>> updates = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      String taskId = newTaskId();
      taskIds.add(taskId);
      applyExpecting(Commands.create(taskId), CommandOutcome.APPLIED);
    }
    // Each update changes the schedule, so applied after an unserialised completion it would
    // recreate the schedule and write the task back as ACTIVE.
    List<CompletableFuture<HttpResponse<String>>> completions = new ArrayList<>();
    for (String taskId : taskIds) {
      var update =
          Commands.update(
              taskId,
              UpdateTask.newBuilder().setSchedule(new Schedule("5 6 * * *", "UTC")).build());
      updates.add(CompletableFuture.supplyAsync(() -> apply(update)));
      completions.add(CompletableFuture.supplyAsync(() -> complete(taskId, TASK_API_TOKEN)));
    }

    for (int i = 0; i < taskIds.size(); i++) {
      String taskId = taskIds.get(i);
      assertThat(completions.get(i).join().statusCode()).isEqualTo(200);
      CommandResult update = updates.get(i).join();
      if (update.getOutcome() == CommandOutcome.REJECTED) {
        assertThat(update.getReasons().getFirst().getMessage()).contains("completed");
      } else {
        assertThat(update.getOutcome()).isEqualTo(CommandOutcome.APPLIED);
      }
      assertThat(task(taskId).orElseThrow().status()).isEqualTo(TaskStatus.COMPLETED);
      assertThat(scheduleExists(taskId)).as("schedule of %s", taskId).isFalse();
    }
  }

  @Test
  void completingIsIdempotentAndAnUpdateAfterItIsRefused() {
    String taskId = newTaskId();
    applyExpecting(Commands.create(taskId), CommandOutcome.APPLIED);

    assertThat(complete(taskId, TASK_API_TOKEN).body()).contains("\"COMPLETED\"");
    assertThat(complete(taskId, TASK_API_TOKEN).body()).contains("ALREADY_COMPLETED");
    var update = Commands.update(taskId, UpdateTask.newBuilder().setName("again").build());
    applyExpecting(update, CommandOutcome.REJECTED);
    assertThat(task(taskId).orElseThrow().status()).isEqualTo(TaskStatus.COMPLETED);
    assertThat(scheduleExists(taskId)).isFalse();
  }

  @Test
  void theInternalApiWantsTheTokenAndKnowsOnlyExistingTasks() {
    String taskId = newTaskId();
    applyExpecting(Commands.create(taskId), CommandOutcome.APPLIED);

    assertThat(complete(taskId, "wrong-token").statusCode()).isEqualTo(401);
    assertThat(complete(taskId, ADMIN_TOKEN).statusCode())
        .as("the admin token is not the service token")
        .isEqualTo(401);
    assertThat(task(taskId).orElseThrow().status()).isEqualTo(TaskStatus.ACTIVE);
    assertThat(complete(newTaskId(), TASK_API_TOKEN).statusCode()).isEqualTo(404);
  }
}
