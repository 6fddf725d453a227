package io.torale.commandconsumer.schedule;

import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.schedules.Schedule;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.temporal.client.schedules.SchedulePolicy;
import io.temporal.client.schedules.ScheduleSpec;
import io.temporal.client.schedules.ScheduleState;
import io.temporal.common.SearchAttributeKey;
import io.temporal.common.SearchAttributes;
import io.torale.platform.monitoring.MonitoringWorkflow;
import io.torale.platform.monitoring.ScheduleIds;
import io.torale.platform.monitoring.TaskConfig;
import io.torale.platform.task.Task;
import io.torale.platform.task.TaskStatus;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The Temporal schedule a task should have: the single definition of "matches the task". */
public final class ScheduleSpecs {

  /** The keyword search attribute that carries the task id on schedules and runs. */
  public static final SearchAttributeKey<String> TASK_ID =
      SearchAttributeKey.forKeyword(ScheduleIds.TASK_ID_ATTRIBUTE);

  private ScheduleSpecs() {}

  public static Schedule forTask(Task task, Duration catchupWindow) {
    String taskId = task.id().toString();
    WorkflowOptions runOptions =
        WorkflowOptions.newBuilder()
            // Temporal appends the scheduled time: task-{id}-2026-11-26T09:00:00Z.
            .setWorkflowId(ScheduleIds.forTask(taskId))
            .setTaskQueue(MonitoringWorkflow.TASK_QUEUE)
            .setMemo(memo(taskId))
            .setTypedSearchAttributes(searchAttributes(taskId))
            .build();
    return Schedule.newBuilder()
        .setAction(
            ScheduleActionStartWorkflow.newBuilder()
                .setWorkflowType(MonitoringWorkflow.class)
                .setArguments(new TaskConfig(taskId))
                .setOptions(runOptions)
                .build())
        .setSpec(
            ScheduleSpec.newBuilder()
                .setCronExpressions(List.of(task.schedule().cron()))
                .setTimeZoneName(task.schedule().timeZone())
                .build())
        .setPolicy(
            SchedulePolicy.newBuilder()
                // A run still going when the next is due: the next is skipped, never stacked.
                .setOverlap(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP)
                .setCatchupWindow(catchupWindow)
                .build())
        .setState(
            ScheduleState.newBuilder()
                .setPaused(task.status() == TaskStatus.PAUSED)
                .setNote(task.status() == TaskStatus.PAUSED ? "paused by command" : "")
                .build())
        .build();
  }

  public static Map<String, Object> memo(String taskId) {
    return Map.of(ScheduleIds.TASK_ID_ATTRIBUTE, taskId);
  }

  public static SearchAttributes searchAttributes(String taskId) {
    return SearchAttributes.newBuilder().set(TASK_ID, taskId).build();
  }
}
