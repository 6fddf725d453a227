package io.torale.platform.monitoring;

import java.util.Optional;

/** Names that tie Temporal objects to tasks, shared by whoever creates and whoever reads them. */
public final class ScheduleIds {

  /** Prefix of every task's schedule id: {@code task-{taskId}}. */
  public static final String PREFIX = "task-";

  /** Keyword search attribute and memo key that carry the task id on schedules and runs. */
  public static final String TASK_ID_ATTRIBUTE = "TaskId";

  private ScheduleIds() {}

  /** The schedule id of a task. */
  public static String forTask(String taskId) {
    return PREFIX + taskId;
  }

  /** The task id of a schedule id, if it is one of ours. */
  public static Optional<String> taskIdOf(String scheduleId) {
    return scheduleId != null && scheduleId.startsWith(PREFIX)
        ? Optional.of(scheduleId.substring(PREFIX.length()))
        : Optional.empty();
  }
}
