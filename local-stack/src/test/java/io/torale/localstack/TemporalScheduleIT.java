package io.torale.localstack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.schedules.Schedule;
import io.temporal.client.schedules.ScheduleActionExecutionStartWorkflow;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleDescription;
import io.temporal.client.schedules.ScheduleHandle;
import io.temporal.client.schedules.ScheduleIntervalSpec;
import io.temporal.client.schedules.ScheduleOptions;
import io.temporal.client.schedules.ScheduleSpec;
import io.temporal.common.SearchAttributeKey;
import io.temporal.common.SearchAttributes;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(LocalStackExtension.class)
class TemporalScheduleIT {

  private static final String TASK_QUEUE = "local-stack-it";

  @WorkflowInterface
  public interface GreetingWorkflow {
    @WorkflowMethod
    String greet(String name);
  }

  public static class GreetingWorkflowImpl implements GreetingWorkflow {
    @Override
    public String greet(String name) {
      return "Hello, " + name;
    }
  }

  @Test
  void scheduleOnTheDevServerStartsAWorkflowAndSurvivesARestart(LocalStack stack) throws Exception {
    WorkflowServiceStubs service =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget(stack.temporalTarget()).build());
    WorkflowClient client = WorkflowClient.newInstance(service);
    WorkerFactory workers = WorkerFactory.newInstance(client);
    try {
      Worker worker = workers.newWorker(TASK_QUEUE);
      worker.registerWorkflowImplementationTypes(GreetingWorkflowImpl.class);
      workers.start();

      String scheduleId = "local-stack-it-" + UUID.randomUUID();
      Schedule schedule =
          Schedule.newBuilder()
              .setAction(
                  ScheduleActionStartWorkflow.newBuilder()
                      .setWorkflowType(GreetingWorkflow.class)
                      .setArguments("local stack")
                      .setOptions(
                          WorkflowOptions.newBuilder()
                              .setWorkflowId(scheduleId + "-run")
                              .setTaskQueue(TASK_QUEUE)
                              // The dev server registers TaskId at start.
                              .setTypedSearchAttributes(
                                  SearchAttributes.newBuilder()
                                      .set(SearchAttributeKey.forKeyword("TaskId"), "task-1")
                                      .build())
                              .build())
                      .build())
              .setSpec(
                  ScheduleSpec.newBuilder()
                      .setIntervals(List.of(new ScheduleIntervalSpec(Duration.ofHours(1))))
                      .build())
              .build();
      ScheduleClient schedules = ScheduleClient.newInstance(service);
      ScheduleHandle handle =
          schedules.createSchedule(scheduleId, schedule, ScheduleOptions.newBuilder().build());

      ScheduleDescription description = handle.describe();
      assertThat(description.getId()).isEqualTo(scheduleId);
      assertThat(description.getSchedule().getSpec().getIntervals()).hasSize(1);

      handle.trigger();
      String workflowId =
          await()
              .atMost(Duration.ofSeconds(20))
              .until(
                  () -> {
                    var actions = handle.describe().getInfo().getRecentActions();
                    return actions.isEmpty()
                        ? null
                        : ((ScheduleActionExecutionStartWorkflow) actions.getFirst().getAction())
                            .getWorkflowId();
                  },
                  id -> id != null);
      assertThat(workflowId).startsWith(scheduleId + "-run");
      String result =
          client.newUntypedWorkflowStub(workflowId).getResult(20, TimeUnit.SECONDS, String.class);
      assertThat(result).isEqualTo("Hello, local stack");

      // An outage: the schedule lives in the dev server's state file and is there again after it.
      stack.stopTemporal();
      stack.startTemporal();
      await()
          .atMost(Duration.ofSeconds(20))
          .ignoreExceptions()
          .untilAsserted(() -> assertThat(handle.describe().getId()).isEqualTo(scheduleId));

      handle.delete();
    } finally {
      workers.shutdownNow();
      workers.awaitTermination(10, TimeUnit.SECONDS);
      service.shutdownNow();
    }
  }
}
