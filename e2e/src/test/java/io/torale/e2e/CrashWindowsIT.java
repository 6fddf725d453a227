package io.torale.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.torale.schemas.v1.Channel;
import io.torale.schemas.v1.CommandOutcome;
import io.torale.schemas.v1.CommandResult;
import io.torale.schemas.v1.ConditionMet;
import io.torale.schemas.v1.CreateTask;
import io.torale.schemas.v1.DeliveryStatus;
import io.torale.schemas.v1.NotificationDelivery;
import io.torale.schemas.v1.Notifications;
import io.torale.schemas.v1.NotifyBehavior;
import io.torale.schemas.v1.TaskCommand;
import io.torale.schemas.v1.TaskExecuted;
import io.torale.schemas.v1.Webhook;
import io.torale.testsupport.commands.Commands;
import io.torale.testsupport.webhook.Received;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Crash tests that crash: each service runs as its own process with {@code torale.crash.point}
 * naming one window; the process halts there ({@code Runtime.halt(137)}, no shutdown of anything),
 * and is started again unarmed. Each test then checks what an integrator relies on: no command
 * lost, effects applied once, one visible result (read with {@code read_committed}), and no second
 * notification — a webhook may arrive again with the same {@code webhook-id} (the Standard Webhooks
 * way to deduplicate); an email may arrive again with the same {@code X-Torale-Delivery-Id},
 * because SMTP cannot be asked whether it already accepted a message.
 */
class CrashWindowsIT extends OutsideTheSystem {

  // The names of platform's CrashPoints (e2e depends on the service jars, not on platform).
  private static final String BEFORE_DB_COMMIT = "command-consumer.before-db-commit";
  private static final String BEFORE_RESULT_COMMIT = "command-consumer.before-result-commit";
  private static final String AFTER_WEBHOOK_SENT = "notifier.after-webhook-sent";
  private static final String AFTER_EMAIL_SENT = "notifier.after-email-sent";

  private static final Duration COMMAND = Duration.ofSeconds(90);
  private static final Duration CRASH = Duration.ofSeconds(90);

  private static CreateTask task(List<String> emails, List<String> webhookUrls) {
    return CreateTask.newBuilder(
            Commands.webPageTask(
                page.url(),
                "Status: \\w+",
                "0 3 * * *",
                NotifyBehavior.ALWAYS,
                "x@example.com",
                ""))
        .setNotifications(
            new Notifications(
                emails, webhookUrls.stream().map(url -> new Webhook(url, null)).toList()))
        .build();
  }

  private static List<CommandResult> resultsOf(TaskCommand command) {
    return bus.all(CommandResult.class, r -> r.getCommandId().equals(command.getCommandId()));
  }

  /** Waits for a result, then a little longer, and checks it was the only one. */
  private static CommandResult onlyResult(TaskCommand command) {
    await().atMost(COMMAND).until(() -> !resultsOf(command).isEmpty());
    await().pollDelay(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> true);
    assertThat(resultsOf(command)).as("results of %s", command.getCommandId()).hasSize(1);
    return resultsOf(command).getFirst();
  }

  private static void awaitQuiet() {
    await().pollDelay(Duration.ofSeconds(5)).atMost(Duration.ofSeconds(10)).until(() -> true);
  }

  @Test
  void commandConsumerHaltedAfterTemporalBeforeTheDatabaseCommitLosesAndDoublesNothing() {
    String taskId = UUID.randomUUID().toString();
    system.armCrashPoint("command-consumer", BEFORE_DB_COMMIT);
    TaskCommand create = Commands.envelope(taskId, task(List.of(), List.of(webhooks.url())));
    TaskCommand pause = Commands.envelope(taskId, Commands.pause());
    bus.publish(create);
    bus.publish(pause);

    String log = system.awaitCrashAndRestart("command-consumer", CRASH);

    assertThat(log).contains("Halting at crash point " + BEFORE_DB_COMMIT);
    assertThat(onlyResult(create).getOutcome()).isEqualTo(CommandOutcome.APPLIED);
    // The pause behind it was not lost, and was applied (not "no change": applied once).
    CommandResult paused = onlyResult(pause);
    assertThat(paused.getOutcome()).isEqualTo(CommandOutcome.APPLIED);
    assertThat(paused.getDetail()).isNull();
    assertThat(SystemIT.describe(schedules, taskId).getSchedule().getState().isPaused()).isTrue();
  }

  @Test
  void commandConsumerHaltedAfterTheDatabaseCommitBeforeTheResultCommitPublishesOneResult() {
    String taskId = UUID.randomUUID().toString();
    bus.apply(taskId, task(List.of(), List.of(webhooks.url())));
    system.armCrashPoint("command-consumer", BEFORE_RESULT_COMMIT);
    TaskCommand run = Commands.envelope(taskId, Commands.runNow());
    bus.publish(run);

    String log = system.awaitCrashAndRestart("command-consumer", CRASH);

    assertThat(log).contains("Halting at crash point " + BEFORE_RESULT_COMMIT);
    assertThat(onlyResult(run).getOutcome()).isEqualTo(CommandOutcome.APPLIED);
    // The run started once: one run, one TaskExecuted, one webhook.
    bus.await(TaskExecuted.class, e -> e.getExecutionId().contains(run.getCommandId()), COMMAND);
    await().atMost(COMMAND).until(() -> webhooks.forTask(taskId).size() == 1);
    awaitQuiet();
    assertThat(bus.all(TaskExecuted.class, e -> e.getTaskId().equals(taskId))).hasSize(1);
    assertThat(webhooks.forTask(taskId)).hasSize(1);
  }

  @Test
  void notifierHaltedAfterAWebhookWasSentBeforeItWasRecordedSendsTheSameWebhookIdAgainOnly() {
    String taskId = UUID.randomUUID().toString();
    bus.apply(taskId, task(List.of(), List.of(webhooks.url())));
    system.armCrashPoint("notifier", AFTER_WEBHOOK_SENT);
    bus.apply(taskId, Commands.runNow());

    String log = system.awaitCrashAndRestart("notifier", CRASH);

    assertThat(log).contains("Halting at crash point " + AFTER_WEBHOOK_SENT);
    // The webhook left before the halt. A restart slower than the claim's lease (a loaded machine)
    // may already have made the second attempt, so only "at least the first" holds here.
    assertThat(webhooks.forTask(taskId)).isNotEmpty();
    // After the dead claim's lease (20 s here) the attempt is made again and then recorded.
    var delivered =
        bus.await(
            NotificationDelivery.class,
            d -> d.getTaskId().equals(taskId) && d.getStatus() == DeliveryStatus.DELIVERED,
            COMMAND);
    awaitQuiet();
    var requests = webhooks.forTask(taskId);
    assertThat(requests).hasSizeBetween(1, 2).allMatch(Received::signatureValid);
    assertThat(requests.stream().map(Received::webhookId).distinct()).hasSize(1);
    assertThat(
            bus.all(
                NotificationDelivery.class,
                d -> d.getTaskId().equals(taskId) && d.getStatus() == DeliveryStatus.DELIVERED))
        .hasSize(1);
    assertThat(bus.all(ConditionMet.class, e -> e.getTaskId().equals(taskId))).hasSize(1);
    assertThat(delivered.getChannel()).isEqualTo(Channel.WEBHOOK);
  }

  @Test
  void notifierHaltedAfterAnEmailWasSentBeforeItWasRecordedSendsItAtMostOnceMore() {
    String taskId = UUID.randomUUID().toString();
    String email = "crash-" + taskId.substring(0, 8) + "@example.com";
    bus.apply(taskId, task(List.of(email), List.of()));
    system.armCrashPoint("notifier", AFTER_EMAIL_SENT);
    bus.apply(taskId, Commands.runNow());

    String log = system.awaitCrashAndRestart("notifier", CRASH);

    assertThat(log).contains("Halting at crash point " + AFTER_EMAIL_SENT);
    bus.await(
        NotificationDelivery.class,
        d -> d.getTaskId().equals(taskId) && d.getStatus() == DeliveryStatus.DELIVERED,
        COMMAND);
    awaitQuiet();
    // At least once: SMTP accepted the first copy before the halt, so the retry sends a second
    // copy of the same delivery; never a third, and never another delivery.
    List<MimeMessage> mail = system.mailTo(email);
    assertThat(mail).hasSize(2);
    assertThat(mail.stream().map(CrashWindowsIT::deliveryId).distinct()).hasSize(1);
    assertThat(
            bus.all(
                NotificationDelivery.class,
                d -> d.getTaskId().equals(taskId) && d.getStatus() == DeliveryStatus.DELIVERED))
        .hasSize(1);
  }

  private static String deliveryId(MimeMessage message) {
    try {
      return message.getHeader("X-Torale-Delivery-Id", null);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
