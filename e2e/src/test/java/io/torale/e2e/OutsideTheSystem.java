package io.torale.e2e;

import io.temporal.client.WorkflowClient;
import io.temporal.client.schedules.ScheduleClient;
import io.torale.testsupport.kafka.CommandBus;
import io.torale.testsupport.page.PageServer;
import io.torale.testsupport.webhook.WebhookReceiver;
import org.junit.jupiter.api.BeforeAll;

/**
 * What an end-to-end test drives the running system with, as the outside world would: Kafka (the
 * command bus), a monitored page, a webhook receiver that verifies signatures, and Temporal's
 * clients. One of each per test JVM, owned by {@link ToraleSystem} and stopped with it, so test
 * classes share them: each test filters by its own task, command and execution ids.
 */
abstract class OutsideTheSystem {

  static ToraleSystem system;
  static CommandBus bus;
  static PageServer page;
  static WebhookReceiver webhooks;
  static ScheduleClient schedules;
  static WorkflowClient workflows;

  @BeforeAll
  static void startTheSystem() {
    system = ToraleSystem.get();
    bus = system.bus();
    page = system.page();
    webhooks = system.webhooks();
    schedules = system.schedules();
    workflows = system.workflows();
  }
}
