package io.torale.testsupport.commands;

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

/**
 * Task commands as another system would build them: payloads ({@link #runNow()}, {@link
 * #webPageTask}) and, for a task id, whole commands with a fresh command id ({@link #create},
 * {@link #pause(String)}).
 */
public final class Commands {

  private static final String ISSUER = "test";

  private Commands() {}

  /** A command with a fresh command id carrying {@code payload} for the task. */
  public static TaskCommand envelope(String taskId, Object payload) {
    return TaskCommand.newBuilder()
        .setCommandId(UUID.randomUUID().toString())
        .setTaskId(taskId)
        .setIssuedAt(Instant.now())
        .setIssuedBy(ISSUER)
        .setCommand(payload)
        .build();
  }

  /** The webhook of {@link #validCreate()}. */
  public static final String WEBHOOK_URL = "https://hooks.example.com/torale";

  /**
   * A valid grounded-search task (notified once, by email and an https webhook without a secret of
   * its own) to vary. A command carries a webhook secret only sealed: see {@link
   * #createWithWebhookSecret}.
   */
  public static CreateTask.Builder validCreate() {
    return CreateTask.newBuilder()
        .setName("iPhone release date")
        .setSearchQuery("When is the next iPhone release date announced?")
        .setCondition("an official date is confirmed")
        .setSchedule(new Schedule("0 9 * * *", "Europe/Berlin"))
        .setNotifyBehavior(NotifyBehavior.ONCE)
        .setNotifications(
            new Notifications(List.of("ops@example.com"), List.of(new Webhook(WEBHOOK_URL, null))))
        .setOwner("user-1")
        .setContext(Map.of("team", "mobile"));
  }

  /** A web-page task with a deterministic match: no model needed. */
  public static CreateTask webPageTask(
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

  public static UpdateTask updateCron(String cron) {
    return UpdateTask.newBuilder().setSchedule(new Schedule(cron, "UTC")).build();
  }

  public static RunTaskNow runNow() {
    return new RunTaskNow(ISSUER);
  }

  public static PauseTask pause() {
    return new PauseTask(ISSUER);
  }

  public static ResumeTask resume() {
    return new ResumeTask(ISSUER);
  }

  public static DeleteTask delete() {
    return new DeleteTask(ISSUER);
  }

  public static TaskCommand create(String taskId) {
    return envelope(taskId, validCreate().build());
  }

  /**
   * {@link #create} whose webhook has a secret, as a producer sends it: {@code sealedSecret} is
   * {@code SealedSecrets.seal(<Torale's public sealing key>, "whsec_…")} (the local stack's {@code
   * seal}); a plaintext {@code whsec_} here is refused.
   */
  public static TaskCommand createWithWebhookSecret(String taskId, String sealedSecret) {
    CreateTask.Builder create = validCreate();
    create.getNotifications().setWebhooks(List.of(new Webhook(WEBHOOK_URL, sealedSecret)));
    return envelope(taskId, create.build());
  }

  public static TaskCommand update(String taskId, UpdateTask update) {
    return envelope(taskId, update);
  }

  public static TaskCommand runNow(String taskId) {
    return envelope(taskId, runNow());
  }

  public static TaskCommand pause(String taskId) {
    return envelope(taskId, pause());
  }

  public static TaskCommand resume(String taskId) {
    return envelope(taskId, resume());
  }

  public static TaskCommand delete(String taskId) {
    return envelope(taskId, delete());
  }
}
