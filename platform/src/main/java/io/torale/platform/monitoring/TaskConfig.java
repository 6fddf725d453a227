package io.torale.platform.monitoring;

/**
 * Input of {@link MonitoringWorkflow}: only the task id, so a run always reads the task as it is
 * when the run starts. A record, so it can gain optional fields without breaking running schedules.
 */
public record TaskConfig(String taskId) {}
