package io.torale.platform.monitoring;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * One scheduled run of a monitoring task: getTask, then the search (grounded search or web page),
 * then the comparison with the last finding, then the notification when the task's policy calls for
 * one.
 *
 * <p>The contract lives here, beside its task queue, so that {@code command-consumer} can build
 * schedules that start it without depending on the worker that implements it. The workflow id is
 * the run (execution) id; everything a run emits derives its id from it.
 */
@WorkflowInterface
public interface MonitoringWorkflow {

  /** The task queue the worker polls and schedules start runs on. */
  String TASK_QUEUE = "torale-workers";

  /** Runs the task once and reports how the run ended. */
  @WorkflowMethod
  RunResult run(TaskConfig config);
}
