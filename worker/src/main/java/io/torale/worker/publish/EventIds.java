package io.torale.worker.publish;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** Ids of what a run emits, derived from the run id so retries and replays reuse them. */
public final class EventIds {

  private EventIds() {}

  /** The {@code ConditionMet} event id of a run: a name-based UUID of the execution id. */
  public static String conditionMet(String executionId) {
    return UUID.nameUUIDFromBytes(("condition-met:" + executionId).getBytes(StandardCharsets.UTF_8))
        .toString();
  }
}
