package io.torale.commandconsumer.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.cronutils.model.time.ExecutionTime;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.schedules.Schedule;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleHandle;
import io.temporal.client.schedules.ScheduleOptions;
import io.temporal.client.schedules.ScheduleSpec;
import io.temporal.client.schedules.ScheduleState;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.torale.localstack.LocalStack;
import io.torale.localstack.LocalStackExtension;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link CronExpressions} against the Temporal server's own parser, on the local stack's real dev
 * server: whatever we accept, Temporal accepts as a schedule's cron, and the next run times it
 * computes are the ones cron-utils computes with our definition. Schedules are created paused, with
 * an action no worker polls for, and deleted afterwards.
 */
@ExtendWith(LocalStackExtension.class)
class CronExpressionsAgreeWithTemporalIT {

  private static WorkflowServiceStubs service;
  private static ScheduleClient schedules;

  @BeforeAll
  static void connect(LocalStack stack) {
    service =
        WorkflowServiceStubs.newServiceStubs(
            WorkflowServiceStubsOptions.newBuilder().setTarget(stack.temporalTarget()).build());
    schedules = ScheduleClient.newInstance(service);
  }

  @AfterAll
  static void disconnect() {
    service.shutdownNow();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "*/15 * * * *",
        "5/15 * * * *",
        "1-30/7 9-17 * * MON-FRI",
        "0 9 * * 7",
        "0 9 * * 5-7",
        "0 9 * * SUN-SAT",
        "0 9 * * sun,Sat",
        "0 9 * * SUN/2",
        "0 9 13 * 5",
        "0 9 1-15 jan,JUL *",
        "0 0 1 */3 *",
        "@hourly",
        "@daily",
        "@weekly",
        "@monthly",
        "@yearly"
      })
  void temporalRunsWhatWeAcceptWhenCronUtilsSays(String cron) {
    assertThat(CronExpressions.problem(cron)).isEmpty();
    ScheduleHandle handle = create(cron);
    try {
      List<Instant> temporal = handle.describe().getInfo().getNextActionTimes();
      assertThat(temporal).as("Temporal's next runs of '%s'", cron).isNotEmpty();
      assertThat(temporal)
          .as("next runs of '%s': Temporal's, cron-utils'", cron)
          .isEqualTo(cronUtilsTimes(cron, temporal.getFirst().minusSeconds(1), temporal.size()));
    } finally {
      handle.delete();
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "0 9 * * FRI-SUN",
        "0 9 ? * *",
        "0 9 L * *",
        "0 9 15W * *",
        "@HOURLY",
        "* * * * 8",
        "5-1 * * * *",
        "*/0 * * * *",
        "1,,2 * * * *"
      })
  void temporalRejectsWhatWeRefuseAsInvalid(String cron) {
    assertThat(CronExpressions.problem(cron)).isPresent();
    assertThat(temporalAccepts(cron)).as("Temporal accepts '%s'", cron).isFalse();
  }

  private static boolean temporalAccepts(String cron) {
    try {
      create(cron).delete();
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static ScheduleHandle create(String cron) {
    String id = "cron-agreement-" + UUID.randomUUID();
    Schedule schedule =
        Schedule.newBuilder()
            .setAction(
                ScheduleActionStartWorkflow.newBuilder()
                    .setWorkflowType("NoSuchWorkflow")
                    .setOptions(
                        WorkflowOptions.newBuilder()
                            .setWorkflowId(id)
                            .setTaskQueue("cron-agreement-nobody-polls")
                            .build())
                    .build())
            .setSpec(
                ScheduleSpec.newBuilder()
                    .setCronExpressions(List.of(cron))
                    .setTimeZoneName("UTC")
                    .build())
            .setState(ScheduleState.newBuilder().setPaused(true).build())
            .build();
    return schedules.createSchedule(id, schedule, ScheduleOptions.newBuilder().build());
  }

  /** The next {@code count} times after {@code after}, as cron-utils reads the expression. */
  private static List<Instant> cronUtilsTimes(String cron, Instant after, int count) {
    ExecutionTime times = ExecutionTime.forCron(CronExpressions.parse(cron));
    List<Instant> result = new ArrayList<>();
    ZonedDateTime from = after.atZone(ZoneOffset.UTC);
    for (int i = 0; i < count; i++) {
      from = times.nextExecution(from).orElseThrow();
      result.add(from.toInstant());
    }
    return result;
  }
}
