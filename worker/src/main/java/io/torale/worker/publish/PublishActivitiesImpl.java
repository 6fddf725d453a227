package io.torale.worker.publish;

import io.torale.schemas.Topics;
import io.torale.schemas.v1.ConditionMet;
import io.torale.schemas.v1.FindingField;
import io.torale.schemas.v1.FindingFieldType;
import io.torale.schemas.v1.NotificationTargets;
import io.torale.schemas.v1.NotifyBehavior;
import io.torale.schemas.v1.RunStatus;
import io.torale.schemas.v1.SourceLink;
import io.torale.schemas.v1.TaskExecuted;
import io.torale.schemas.v1.TaskSummary;
import io.torale.schemas.v1.WebhookEndpointRef;
import io.torale.worker.finding.FieldValue;
import io.torale.worker.finding.TaskStateRepository;
import io.torale.worker.search.Finding;
import io.torale.worker.search.SourceRef;
import io.torale.worker.task.TaskSnapshot;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.avro.specific.SpecificRecord;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;

/**
 * Kafka and PostgreSQL writes of a run; see {@link PublishActivities}. Sends block until the broker
 * acknowledges (idempotent producer, acks=all, set by the platform), with a timeout below the
 * activity's, so a send that fails is retried by Temporal rather than lost.
 */
@Component
class PublishActivitiesImpl implements PublishActivities {

  static final long SEND_TIMEOUT_SECONDS = 20;

  private final KafkaTemplate<String, Object> kafka;
  private final TaskRunRepository runs;
  private final TaskStateRepository states;
  private final RunMetrics metrics;

  PublishActivitiesImpl(
      KafkaTemplate<String, Object> kafka,
      TaskRunRepository runs,
      TaskStateRepository states,
      RunMetrics metrics) {
    this.kafka = kafka;
    this.runs = runs;
    this.states = states;
    this.metrics = metrics;
  }

  @Override
  public void sendNotification(Notification notification) {
    TaskSnapshot task = notification.task();
    Finding finding = notification.finding();
    ConditionMet event =
        ConditionMet.newBuilder()
            .setEventId(EventIds.conditionMet(notification.executionId()))
            .setExecutionId(notification.executionId())
            .setTaskId(task.taskId())
            .setTask(
                TaskSummary.newBuilder()
                    .setName(task.name())
                    .setSearchQuery(task.searchQuery())
                    .setCondition(task.condition())
                    .setOwner(task.owner())
                    .setNotifyBehavior(behavior(task.notifyBehavior()))
                    .setContext(task.context())
                    .build())
            .setAnswer(finding.answer())
            .setWhatChanged(whatChanged(notification))
            .setSources(links(finding.sources()))
            .setFields(fields(finding.fields()))
            .setFoundAt(Instant.ofEpochMilli(notification.foundAtMillis()))
            .setTargets(
                NotificationTargets.newBuilder()
                    .setEmails(task.emails())
                    .setWebhooks(
                        task.webhookEndpointRefs().stream()
                            .map(ref -> new WebhookEndpointRef(ref.id(), ref.redactedUrl()))
                            .toList())
                    .build())
            .build();
    send(Topics.CONDITION_MET, task.taskId(), event);
    metrics.conditionMetPublished();
    states.markNotified(
        UUID.fromString(task.taskId()),
        notification.executionId(),
        notification.comparison().stateHash(),
        finding.state(),
        finding.fields(),
        Instant.ofEpochMilli(notification.foundAtMillis()));
  }

  @Override
  public void recordRun(RunRecord run) {
    runs.upsert(run);
    TaskExecuted record =
        TaskExecuted.newBuilder()
            .setExecutionId(run.executionId())
            .setTaskId(run.taskId())
            .setStatus(RunStatus.valueOf(run.status()))
            .setScheduledAt(
                run.scheduledAtMillis() == null
                    ? null
                    : Instant.ofEpochMilli(run.scheduledAtMillis()))
            .setStartedAt(Instant.ofEpochMilli(run.startedAtMillis()))
            .setFinishedAt(Instant.ofEpochMilli(run.finishedAtMillis()))
            .setConditionMet(run.conditionMet())
            .setChanged(run.changed())
            .setNotified(run.notified())
            .setAnswer(run.answer())
            .setSources(links(run.sources()))
            .setSearchQueries(run.searchQueries())
            .setError(run.error())
            .setFields(fields(run.fields()))
            .setWhatChanged(run.whatChanged())
            .build();
    send(Topics.TASK_EXECUTIONS, run.taskId(), record);
    metrics.runRecorded(run);
  }

  @Override
  public void finishRun(Notification notification, RunRecord run) {
    if (notification != null) {
      sendNotification(notification);
    }
    recordRun(run);
  }

  private void send(String topic, String key, SpecificRecord value) {
    try {
      kafka.send(topic, key, value).get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while publishing to " + topic, e);
    } catch (ExecutionException | TimeoutException e) {
      // Transient by assumption: Temporal retries the activity with the same ids.
      throw new IllegalStateException("publishing to " + topic + " failed: " + e, e);
    }
  }

  /** The verdict call's sentence; for deterministic matches, the watched text before and now. */
  private static String whatChanged(Notification notification) {
    String said = notification.finding().whatChanged();
    if (said != null && !said.isBlank()) {
      return said;
    }
    String previous = notification.comparison().previousState();
    return previous == null
        ? null
        : "Was: " + previous + " — now: " + notification.finding().state();
  }

  private static List<FindingField> fields(List<FieldValue> fields) {
    return fields.stream()
        .map(
            f ->
                FindingField.newBuilder()
                    .setName(f.name())
                    .setType(FindingFieldType.valueOf(f.type().name()))
                    .setValue(f.value())
                    .build())
        .toList();
  }

  private static List<SourceLink> links(List<SourceRef> sources) {
    return sources.stream()
        .map(s -> SourceLink.newBuilder().setTitle(s.title()).setUrl(s.url()).build())
        .toList();
  }

  private static NotifyBehavior behavior(io.torale.platform.task.NotifyBehavior behavior) {
    return behavior == null ? NotifyBehavior.ONCE : NotifyBehavior.valueOf(behavior.name());
  }
}
