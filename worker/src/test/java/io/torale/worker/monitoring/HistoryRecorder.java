package io.torale.worker.monitoring;

import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.torale.platform.monitoring.MonitoringWorkflow;
import io.torale.platform.monitoring.RunResult;
import io.torale.platform.monitoring.TaskConfig;
import io.torale.platform.task.NotifyBehavior;
import io.torale.platform.task.TaskStatus;
import io.torale.worker.finding.FieldSpec;
import io.torale.worker.finding.FieldType;
import io.torale.worker.finding.FieldValue;
import io.torale.worker.finding.FindingSchema;
import io.torale.worker.search.Finding;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Records {@link MonitoringWorkflow} histories for {@link MonitoringWorkflowReplayTest}: a tool,
 * not a test, run deliberately when the workflow gains a new version (see that test's comment).
 */
public final class HistoryRecorder {

  private HistoryRecorder() {}

  /**
   * Records the current workflow's histories under the version suffix given as the argument (e.g.
   * {@code v2}), into the module's source tree, wherever Maven was started from.
   */
  public static void main(String[] args) throws IOException {
    if (args.length != 1 || !args[0].matches("v\\d+")) {
      throw new IllegalArgumentException("usage: HistoryRecorder vN (a new version suffix)");
    }
    String version = args[0];
    Path dir = sourceHistories();
    Files.createDirectories(dir);
    try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
      FakeActivities fake = new FakeActivities();
      Worker worker = env.newWorker(MonitoringWorkflow.TASK_QUEUE);
      worker.registerWorkflowImplementationTypes(MonitoringWorkflowImpl.class);
      worker.registerActivitiesImplementations(fake);
      env.start();
      WorkflowClient client = env.getWorkflowClient();
      Finding met =
          new Finding(
              true,
              "Sept 9",
              "Event on Sept 9",
              null,
              null,
              List.of(new FieldValue("eventDate", FieldType.DATE, "2026-09-09")),
              true,
              "The event date was set to 2026-09-09.",
              new FindingSchema(
                  List.of(new FieldSpec("eventDate", FieldType.DATE, "the event's date", null))));
      Finding notMet = new Finding(false, "no date yet", "no date", null, null);

      fake.add("11111111-1111-1111-1111-111111111111", NotifyBehavior.ALWAYS, TaskStatus.ACTIVE);
      fake.willFind(met);
      record(client, dir, "11111111-1111-1111-1111-111111111111", "succeeded-notified", version);

      fake.add("22222222-2222-2222-2222-222222222222", NotifyBehavior.ONCE, TaskStatus.ACTIVE);
      fake.willFind(met);
      record(
          client, dir, "22222222-2222-2222-2222-222222222222", "succeeded-once-completed", version);

      fake.add("33333333-3333-3333-3333-333333333333", NotifyBehavior.ON_CHANGE, TaskStatus.ACTIVE);
      fake.willFind(notMet);
      record(client, dir, "33333333-3333-3333-3333-333333333333", "succeeded-not-met", version);

      fake.add("44444444-4444-4444-4444-444444444444", NotifyBehavior.ALWAYS, TaskStatus.PAUSED);
      record(client, dir, "44444444-4444-4444-4444-444444444444", "skipped-paused", version);

      fake.add("66666666-6666-6666-6666-666666666666", NotifyBehavior.ON_CHANGE, TaskStatus.ACTIVE);
      fake.tasks.computeIfPresent(
          "66666666-6666-6666-6666-666666666666", (id, t) -> FakeActivities.asWebPage(t));
      fake.willFind(met);
      record(client, dir, "66666666-6666-6666-6666-666666666666", "succeeded-page", version);

      fake.add("77777777-7777-7777-7777-777777777777", NotifyBehavior.ALWAYS, TaskStatus.ACTIVE);
      fake.tasks.computeIfPresent(
          "77777777-7777-7777-7777-777777777777", (id, t) -> FakeActivities.asJudgedWebPage(t));
      fake.willFind(met);
      record(client, dir, "77777777-7777-7777-7777-777777777777", "succeeded-judged-page", version);

      fake.add("55555555-5555-5555-5555-555555555555", NotifyBehavior.ALWAYS, TaskStatus.ACTIVE);
      fake.willFail(3, () -> new IllegalStateException("Gemini 503"));
      record(
          client, dir, "55555555-5555-5555-5555-555555555555", "failed-search-exhausted", version);
    }
  }

  private static void record(
      WorkflowClient client, Path dir, String taskId, String name, String version)
      throws IOException {
    String workflowId = "task-" + taskId + "-replay";
    MonitoringWorkflow workflow =
        client.newWorkflowStub(
            MonitoringWorkflow.class,
            WorkflowOptions.newBuilder()
                .setTaskQueue(MonitoringWorkflow.TASK_QUEUE)
                .setWorkflowId(workflowId)
                .build());
    try {
      RunResult result = workflow.run(new TaskConfig(taskId));
      System.out.println(name + ": " + result);
    } catch (WorkflowFailedException expected) {
      System.out.println(name + ": failed as expected");
    }
    Path file = dir.resolve(name + "." + version + ".json");
    if (Files.exists(file)) {
      throw new IllegalStateException(file + " exists: recorded histories are never overwritten");
    }
    Files.writeString(file, client.fetchHistory(workflowId).toJson(true));
  }

  /** worker/src/test/resources/histories, found from where this class was compiled to. */
  private static Path sourceHistories() {
    try {
      Path testClasses =
          Path.of(
              HistoryRecorder.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      return testClasses.getParent().getParent().resolve("src/test/resources/histories");
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }
}
