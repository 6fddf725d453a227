package io.torale.e2e;

import io.torale.schemas.v1.CreateTask;
import io.torale.schemas.v1.DeleteTask;
import io.torale.schemas.v1.Match;
import io.torale.schemas.v1.MatchType;
import io.torale.schemas.v1.Notifications;
import io.torale.schemas.v1.NotifyBehavior;
import io.torale.schemas.v1.PauseTask;
import io.torale.schemas.v1.ResumeTask;
import io.torale.schemas.v1.RunTaskNow;
import io.torale.schemas.v1.Schedule;
import io.torale.schemas.v1.Source;
import io.torale.schemas.v1.SourceType;
import io.torale.schemas.v1.TaskCommand;
import io.torale.schemas.v1.UpdateTask;
import io.torale.schemas.v1.Webhook;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** Commands as another system would build them. */
final class Commands {

  private Commands() {}

  static TaskCommand envelope(String taskId, Object payload) {
    return TaskCommand.newBuilder()
        .setCommandId(UUID.randomUUID().toString())
        .setTaskId(taskId)
        .setIssuedAt(Instant.now())
        .setIssuedBy("e2e")
        .setCommand(payload)
        .build();
  }

  /** A web-page task with a deterministic match: no model needed. */
  static CreateTask webPageTask(
      String pageUrl,
      String pattern,
      String cron,
      NotifyBehavior behavior,
      String email,
      String webhookUrl) {
    return CreateTask.newBuilder()
        .setName("Shop status")
        .setCondition("the page shows " + pattern)
        .setSchedule(new Schedule(cron, "Europe/Paris"))
        .setNotifyBehavior(behavior)
        .setNotifications(new Notifications(List.of(email), List.of(new Webhook(webhookUrl, null))))
        .setOwner("e2e-owner")
        .setContext(Map.of("ticket", "OPS-42"))
        .setSource(
            new Source(
                SourceType.WEB_PAGE, pageUrl, "#status", new Match(MatchType.REGEX, pattern)))
        .build();
  }

  static RunTaskNow runNow() {
    return new RunTaskNow("e2e");
  }

  static PauseTask pause() {
    return new PauseTask("e2e");
  }

  static ResumeTask resume() {
    return new ResumeTask("e2e");
  }

  static DeleteTask delete() {
    return new DeleteTask("e2e");
  }

  static UpdateTask updateCron(String cron) {
    return UpdateTask.newBuilder().setSchedule(new Schedule(cron, "UTC")).build();
  }
}
