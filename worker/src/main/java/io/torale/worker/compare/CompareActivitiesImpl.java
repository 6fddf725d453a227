package io.torale.worker.compare;

import io.torale.worker.finding.TaskState;
import io.torale.worker.finding.TaskStateRepository;
import io.torale.worker.search.Finding;
import java.time.Instant;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** Comparison against {@code task_state}; see {@link CompareActivities}. */
@Component
class CompareActivitiesImpl implements CompareActivities {

  private final TaskStateRepository states;

  CompareActivitiesImpl(TaskStateRepository states) {
    this.states = states;
  }

  @Override
  public Comparison compareStates(
      String taskId, String executionId, String state, long checkedAtMillis) {
    return compareFinding(
        taskId, executionId, new Finding(false, null, state, null, null), checkedAtMillis);
  }

  @Override
  public Comparison compareFinding(
      String taskId, String executionId, Finding finding, long checkedAtMillis) {
    UUID id = UUID.fromString(taskId);
    TaskState previous = states.find(id);
    if (finding.designedSchema() != null && finding.designedSchema().hasFields()) {
      states.keepSchema(id, finding.designedSchema());
    }
    String hash = StateHash.of(finding);
    states.markChecked(id, Instant.ofEpochMilli(checkedAtMillis));
    return new Comparison(
        changed(previous, hash, finding.changedInMeaning()), hash, previous.lastNotifiedState());
  }

  /**
   * The equal hash wins over the model: two wordings of one fact are never a change. A differing
   * hash is only a candidate change, which the verdict call's reading in meaning confirms or not.
   */
  static boolean changed(TaskState previous, String hash, Boolean changedInMeaning) {
    if (!previous.notifiedBefore()) {
      return true;
    }
    if (hash.equals(previous.lastNotifiedHash())) {
      return false;
    }
    return changedInMeaning == null || changedInMeaning;
  }
}
