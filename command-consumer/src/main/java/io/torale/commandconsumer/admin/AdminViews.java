package io.torale.commandconsumer.admin;

import io.torale.platform.task.NotifyBehavior;
import io.torale.platform.task.TaskSchedule;
import io.torale.platform.task.TaskSource;
import io.torale.platform.task.TaskStatus;
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

  /** The task's notifications with each webhook's secret replaced by whether it has one. */
  record NotificationsView(List<String> emails, List<Webhook> webhooks) {}

  /** The task as the model shapes it; the source carries its kind as {@code type}. */
  record TaskView(
      String id,
      String name,
      String owner,
      TaskStatus status,
      String searchQuery,
      String condition,
      TaskSchedule schedule,
      TaskSource source,
      NotifyBehavior notifyBehavior,
      NotificationsView notifications,
      Map<String, String> context,
      Instant createdAt,
      Instant updatedAt) {}

  record TaskAndSchedule(TaskView task, ScheduleView schedule) {}
}
