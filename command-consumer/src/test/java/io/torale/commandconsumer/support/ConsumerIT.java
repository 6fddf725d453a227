package io.torale.commandconsumer.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.client.WorkflowClient;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleDescription;
import io.torale.commandconsumer.task.TaskStore;
import io.torale.localstack.LocalStackExtension;
import io.torale.platform.crash.CrashPoints;
import io.torale.platform.monitoring.ScheduleIds;
import io.torale.platform.task.Task;
import io.torale.schemas.v1.CommandOutcome;
import io.torale.schemas.v1.CommandResult;
import io.torale.schemas.v1.TaskCommand;
import io.torale.testsupport.kafka.CommandBus;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.bean.override.mockito.MockitoSpyBean;

/**
 * Base of the integration tests: the service in-process against the shared local stack (real Kafka,
 * registry, Temporal dev server, PostgreSQL). All subclasses share one Spring context. Two beans
 * are Mockito spies, which call the real code unless a test says otherwise: the {@link TaskStore},
 * so a test can make a database write fail, and the {@link CrashPoints}, so a test can throw at a
 * named point (e.g. after the database commit, before the Kafka commit). These inject exceptions,
 * not crashes; the crash tests (e2e {@code CrashWindowsIT}) halt real processes at the same points.
 */
@ExtendWith(LocalStackExtension.class)
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "torale.admin.token=test-admin-token",
      "torale.task-api.token=" + ConsumerIT.TASK_API_TOKEN,
      "torale.reconcile.on-startup=false",
      "torale.reconcile.interval=1h",
      "torale.schedules.run-now-wait=2s",
      "logging.level.io.torale=INFO",
      // A producer's command topic created during a test is subscribed (by pattern) within 1 s.
      "spring.kafka.consumer.properties.metadata.max.age.ms=1000"
    })
public abstract class ConsumerIT {

  public static final String ADMIN_TOKEN = "test-admin-token";
  public static final String TASK_API_TOKEN = "test-task-api-token";

  @Autowired protected ScheduleClient schedules;
  @Autowired protected WorkflowClient workflows;
  @MockitoSpyBean protected TaskStore tasks;
  @MockitoSpyBean protected CrashPoints crashPoints;

  protected final CommandBus bus = sharedBus();

  private static CommandBus shared;

  /**
   * One bus per test JVM, on the shared local stack: its readers keep every result from the start.
   */
  public static synchronized CommandBus sharedBus() {
    if (shared == null) {
      var stack = LocalStackExtension.stack();
      shared = new CommandBus(stack.kafkaBootstrapServers(), stack.registryUrl());
    }
    return shared;
  }

  protected static String newTaskId() {
    return UUID.randomUUID().toString();
  }

  /** Sends a command and returns its result. */
  protected CommandResult apply(TaskCommand command) {
    return bus.awaitResult(bus.publish(command));
  }

  protected CommandResult applyExpecting(TaskCommand command, CommandOutcome outcome) {
    CommandResult result = apply(command);
    assertThat(result.getOutcome()).as("result %s", result).isEqualTo(outcome);
    return result;
  }

  protected ScheduleDescription describe(String taskId) {
    return schedules.getHandle(ScheduleIds.forTask(taskId)).describe();
  }

  protected boolean scheduleExists(String taskId) {
    try {
      describe(taskId);
      return true;
    } catch (RuntimeException e) {
      return false;
    }
  }

  protected Optional<Task> task(String taskId) {
    return tasks.find(UUID.fromString(taskId));
  }
}
