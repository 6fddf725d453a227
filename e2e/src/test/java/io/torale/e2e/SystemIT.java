package io.torale.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleDescription;
import io.torale.platform.task.WebhookEndpointRef;
import io.torale.schemas.v1.CommandOutcome;
import io.torale.schemas.v1.ConditionMet;
import io.torale.schemas.v1.NotifyBehavior;
import io.torale.schemas.v1.RunStatus;
import io.torale.schemas.v1.TaskCommand;
import io.torale.schemas.v1.TaskExecuted;
import io.torale.testsupport.commands.Commands;
import io.torale.testsupport.webhook.Received;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The system from outside, as its users see it: commands on Kafka from a plain producer, schedules
 * on the real Temporal dev server, events on Kafka, mail in the SMTP catcher and signed webhooks on
 * a local receiver. The services run as in production, in their own JVMs.
 */
class SystemIT extends OutsideTheSystem {

  private static final Duration COMMAND = Duration.ofSeconds(60);
  private static final Duration RUN = Duration.ofSeconds(90);

  @Test
  void aScheduledRunFiresOnItsOwnAndReachesEmailAndASignedWebhook() {
    String taskId = UUID.randomUUID().toString();
    String email = "ops-" + taskId.substring(0, 8) + "@example.com";
    bus.apply(
        taskId,
        Commands.webPageTask(
            page.url(), "Status: \\w+", "* * * * *", NotifyBehavior.ALWAYS, email, webhooks.url()));
    assertThat(describe(taskId).getSchedule().getState().isPaused()).isFalse();

    TaskExecuted run =
        bus.await(
            TaskExecuted.class,
            e -> e.getTaskId().equals(taskId) && e.getScheduledAt() != null,
            RUN);
    assertThat(run.getStatus()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(run.getConditionMet()).isTrue();

    ConditionMet event =
        bus.await(
            ConditionMet.class, e -> e.getExecutionId().equals(run.getExecutionId()), COMMAND);
    assertThat(event.getAnswer()).contains("Status: open");
    // The webhook by reference: its URL stays inside (the notifier resolves it).
    assertThat(event.getTargets().getWebhookUrls()).isEmpty();
    assertThat(event.getTargets().getWebhooks())
        .extracting(ref -> ref.getEndpointId())
        .containsExactly(WebhookEndpointRef.idOf(taskId, webhooks.url()));

    var delivered =
        await()
            .atMost(COMMAND)
            .until(() -> webhooks.forTask(taskId), list -> !list.isEmpty())
            .getFirst();
    assertThat(delivered.signatureValid()).isTrue();
    assertThat(delivered.json().path("type").asString()).isEqualTo("task.condition_met");
    assertThat(delivered.json().path("data").path("context").path("ticket").asString())
        .isEqualTo("OPS-42");

    assertThat(await().atMost(COMMAND).until(() -> system.mailTo(email), list -> !list.isEmpty()))
        .isNotEmpty();

    // Paused, the schedule starts nothing: wait past the next minute's firing time.
    bus.apply(taskId, Commands.pause());
    int scheduledRuns = scheduledRuns(taskId);
    Instant nextFiring = Instant.now().truncatedTo(ChronoUnit.MINUTES).plus(Duration.ofSeconds(75));
    await()
        .pollDelay(Duration.between(Instant.now(), nextFiring))
        .atMost(Duration.ofSeconds(100))
        .until(() -> true);
    assertThat(scheduledRuns(taskId)).isEqualTo(scheduledRuns);
    bus.apply(taskId, Commands.delete());
  }

  private static int scheduledRuns(String taskId) {
    return bus.all(
            TaskExecuted.class, e -> e.getTaskId().equals(taskId) && e.getScheduledAt() != null)
        .size();
  }

  @Test
  void runNowPauseResumeUpdateAndDeleteReachTheSchedule() {
    String taskId = UUID.randomUUID().toString();
    createPageTask(taskId, NotifyBehavior.ALWAYS, "a@example.com");

    TaskCommand runNow = Commands.envelope(taskId, Commands.runNow());
    assertThat(bus.publishAndAwait(runNow).getOutcome()).isEqualTo(CommandOutcome.APPLIED);
    TaskExecuted run =
        bus.await(TaskExecuted.class, e -> e.getExecutionId().contains(runNow.getCommandId()), RUN);
    assertThat(run.getStatus()).isEqualTo(RunStatus.SUCCEEDED);

    bus.apply(taskId, Commands.pause());
    assertThat(describe(taskId).getSchedule().getState().isPaused()).isTrue();
    bus.apply(taskId, Commands.resume());
    assertThat(describe(taskId).getSchedule().getState().isPaused()).isFalse();

    bus.apply(taskId, Commands.updateCron("30 4 * * *"));
    assertThat(describe(taskId).getInfo().getNextActionTimes())
        .isNotEmpty()
        .allSatisfy(
            next -> {
              var utc = next.atOffset(ZoneOffset.UTC);
              assertThat(utc.getHour()).isEqualTo(4);
              assertThat(utc.getMinute()).isEqualTo(30);
            });

    bus.apply(taskId, Commands.delete());
    assertScheduleGone(taskId);
  }

  @Test
  void aOnceTaskCompletesAndLosesItsScheduleAfterNotifying() throws Exception {
    String taskId = UUID.randomUUID().toString();
    createPageTask(taskId, NotifyBehavior.ONCE, "once@example.com");
    bus.apply(taskId, Commands.runNow());

    bus.await(ConditionMet.class, e -> e.getTaskId().equals(taskId), RUN);
    await()
        .atMost(COMMAND)
        .until(() -> adminTask(taskId).path("task").path("status").asString(), "COMPLETED"::equals);
    assertScheduleGone(taskId);
  }

  @Test
  void aNotifierCrashLosesNothingAndSendsNothingTwice() {
    String taskId = UUID.randomUUID().toString();
    String email = "restart-" + taskId.substring(0, 8) + "@example.com";
    system.kill("notifier");
    try {
      createPageTask(taskId, NotifyBehavior.ALWAYS, email);
      bus.apply(taskId, Commands.runNow());
      bus.await(ConditionMet.class, e -> e.getTaskId().equals(taskId), RUN);
      webhooks.failNext(1);
    } finally {
      system.start("notifier");
    }

    var requests =
        await().atMost(COMMAND).until(() -> webhooks.forTask(taskId), list -> list.size() >= 2);
    assertThat(requests).allMatch(Received::signatureValid);
    assertThat(requests.stream().map(Received::webhookId).distinct()).hasSize(1);
    await().pollDelay(Duration.ofSeconds(10)).atMost(Duration.ofSeconds(15)).until(() -> true);
    assertThat(webhooks.forTask(taskId)).hasSize(2); // one 500, one success, nothing after
    assertThat(system.mailTo(email)).hasSize(1);
    bus.apply(taskId, Commands.delete());
  }

  /** A task on the test page, scheduled at 03:00 (so only run-now runs it during a test). */
  static void createPageTask(String taskId, NotifyBehavior behavior, String email) {
    bus.apply(
        taskId,
        Commands.webPageTask(
            page.url(), "Status: \\w+", "0 3 * * *", behavior, email, webhooks.url()));
  }

  static void assertScheduleGone(String taskId) {
    assertThatThrownBy(() -> describe(taskId)).rootCause().hasMessageContaining("NOT_FOUND");
  }

  static ScheduleDescription describe(String taskId) {
    return describe(schedules, taskId);
  }

  static ScheduleDescription describe(ScheduleClient client, String taskId) {
    return client.getHandle("task-" + taskId).describe();
  }

  static JsonNode adminTask(String taskId) throws Exception {
    return adminTask(system, taskId);
  }

  static JsonNode adminTask(ToraleSystem system, String taskId) throws Exception {
    try (var http = HttpClient.newHttpClient()) {
      var response =
          http.send(
              HttpRequest.newBuilder(URI.create(system.adminUrl() + "/admin/tasks/" + taskId))
                  .header("Authorization", "Bearer " + ToraleSystem.ADMIN_TOKEN)
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(response.statusCode()).isEqualTo(200);
      return JsonMapper.builder().build().readTree(response.body());
    }
  }
}
