package io.torale.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.torale.schemas.v1.Channel;
import io.torale.schemas.v1.CommandOutcome;
import io.torale.schemas.v1.CreateTask;
import io.torale.schemas.v1.DeliveryStatus;
import io.torale.schemas.v1.NotificationDelivery;
import io.torale.schemas.v1.NotifyBehavior;
import io.torale.schemas.v1.RunStatus;
import io.torale.schemas.v1.TaskCommand;
import io.torale.schemas.v1.TaskExecuted;
import io.torale.testsupport.commands.Commands;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Both users of the one egress guard, end to end in the running system with its shipped local
 * allow-list ({@code localhost,127.0.0.1}): a page and a webhook on 127.0.0.2, which is loopback
 * but not allow-listed, are refused before any connection, by the worker's page fetch and by the
 * notifier's webhook client. Only loopback addresses are used.
 */
class EgressIT extends OutsideTheSystem {

  private static final Duration WAIT = Duration.ofSeconds(120);

  @Test
  void theWorkerRefusesAPageOnALoopbackAddressThatIsNotAllowListed() {
    String taskId = UUID.randomUUID().toString();
    String pageUrl = "http://127.0.0.2:" + page.port() + "/";
    bus.apply(
        taskId,
        Commands.webPageTask(
            pageUrl,
            "Status: \\w+",
            "0 0 1 1 *",
            NotifyBehavior.ALWAYS,
            "egress@example.com",
            webhooks.url()));

    TaskCommand runNow = Commands.envelope(taskId, Commands.runNow());
    assertThat(bus.publishAndAwait(runNow).getOutcome()).isEqualTo(CommandOutcome.APPLIED);
    TaskExecuted run =
        bus.await(
            TaskExecuted.class, e -> e.getExecutionId().contains(runNow.getCommandId()), WAIT);

    assertThat(run.getStatus()).isEqualTo(RunStatus.FAILED);
    assertThat(run.getError()).contains("127.0.0.2").contains("loopback");
    assertThat(run.getConditionMet()).isFalse();
    bus.apply(taskId, Commands.delete());
  }

  @Test
  void theNotifierRefusesAWebhookOnALoopbackAddressThatIsNotAllowListed() {
    String taskId = UUID.randomUUID().toString();
    // https, so command-consumer takes it (plain http only for allow-listed hosts); the notifier's
    // guard refuses the address before a TLS handshake could start.
    String webhook = "https://127.0.0.2:" + webhooks.port() + "/ssrf-" + taskId;
    CreateTask create =
        Commands.webPageTask(
            page.url(),
            "Status: \\w+",
            "0 0 1 1 *",
            NotifyBehavior.ALWAYS,
            "e@example.com",
            webhook);
    bus.apply(taskId, create);
    TaskCommand runNow = Commands.envelope(taskId, Commands.runNow());
    assertThat(bus.publishAndAwait(runNow).getOutcome()).isEqualTo(CommandOutcome.APPLIED);

    NotificationDelivery refused =
        bus.await(
            NotificationDelivery.class,
            d -> d.getTaskId().equals(taskId) && d.getChannel() == Channel.WEBHOOK,
            WAIT);

    assertThat(refused.getStatus()).isEqualTo(DeliveryStatus.REFUSED);
    assertThat(refused.getError()).contains("loopback");
    assertThat(webhooks.forTask(taskId)).isEmpty();
    bus.apply(taskId, Commands.delete());
  }
}
