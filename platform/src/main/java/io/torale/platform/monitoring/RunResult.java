package io.torale.platform.monitoring;

/**
 * How one run of {@link MonitoringWorkflow} ended.
 *
 * @param status {@code SUCCEEDED}, {@code SKIPPED} or {@code FAILED}, as on {@code TaskExecuted}
 * @param conditionMet whether the task's condition held
 * @param notified whether a {@code ConditionMet} event was published
 * @param detail why a run was skipped or failed; null otherwise
 */
public record RunResult(String status, boolean conditionMet, boolean notified, String detail) {}
