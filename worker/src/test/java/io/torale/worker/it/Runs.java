package io.torale.worker.it;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.torale.platform.monitoring.MonitoringWorkflow;
import io.torale.platform.monitoring.RunResult;
import io.torale.platform.monitoring.TaskConfig;

/**
 * Runs {@link MonitoringWorkflow} as a client starts one (as command-consumer's run-now does): on
 * the workers' task queue, with the given workflow id, waiting for its result.
 */
final class Runs {

  private Runs() {}

  static RunResult run(WorkflowClient workflows, String taskId, String executionId) {
    return workflows
        .newWorkflowStub(
            MonitoringWorkflow.class,
            WorkflowOptions.newBuilder()
                .setTaskQueue(MonitoringWorkflow.TASK_QUEUE)
                .setWorkflowId(executionId)
                .build())
        .run(new TaskConfig(taskId));
  }
}
