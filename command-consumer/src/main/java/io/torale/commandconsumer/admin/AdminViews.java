package io.torale.commandconsumer.admin;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** JSON shapes of the admin endpoints. Webhook secrets never appear in any of them. */
final class AdminViews {

  private AdminViews() {}

  record WorkflowRun(
      String workflowId,
      String runId,
      String taskId,
      String status,
      Instant startTime,
      Instant closeTime,
      String uiUrl) {}

  record ScheduleAction(Instant scheduledAt, Instant startedAt, String workflowId, String runId) {}

  record ScheduleView(
      String scheduleId,
      String taskId,
      String cron,
      String timeZone,
      boolean paused,
      List<Instant> nextRunTimes,
      List<ScheduleAction> recentActions) {}

  record Webhook(String url, boolean hasSecret) {}

  record TaskView(
      String id,
      String name,
      String status,
      String searchQuery,
      String condition,
      String cron,
      String timeZone,
      String notifyBehavior,
      String sourceType,
      String sourceUrl,
      String cssSelector,
      String matchType,
      String matchPattern,
      List<String> emails,
      List<Webhook> webhooks,
      String owner,
      Map<String, String> context,
      Instant createdAt,
      Instant updatedAt) {}

  record TaskAndSchedule(TaskView task, ScheduleView schedule) {}
}
