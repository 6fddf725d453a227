package io.torale.worker.testing;

import io.torale.worker.finding.TaskState;
import io.torale.worker.finding.TaskStateRepository;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code task_state} reads for unit tests of the search classes, which only read it: states set by
 * the test, {@link TaskState#NONE} otherwise. Database behaviour is covered by the ITs.
 */
public final class InMemoryState extends TaskStateRepository {

  public final Map<UUID, TaskState> states = new ConcurrentHashMap<>();

  public InMemoryState() {
    super(null);
  }

  @Override
  public TaskState find(UUID taskId) {
    return states.getOrDefault(taskId, TaskState.NONE);
  }
}
