package io.torale.worker.compare;

import java.time.Instant;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** Hash comparison against {@code task_state}; see {@link CompareActivities}. */
@Component
class CompareActivitiesImpl implements CompareActivities {

  private final TaskStateRepository states;

  CompareActivitiesImpl(TaskStateRepository states) {
    this.states = states;
  }

  @Override
  public Comparison compareStates(
      String taskId, String executionId, String state, long checkedAtMillis) {
    UUID id = UUID.fromString(taskId);
    TaskState previous = states.find(id);
    String hash = StateHash.of(state);
    states.markChecked(id, Instant.ofEpochMilli(checkedAtMillis));
    return new Comparison(
        !hash.equals(previous.lastNotifiedHash()), hash, previous.lastNotifiedState());
  }
}
