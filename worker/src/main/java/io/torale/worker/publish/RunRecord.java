package io.torale.worker.publish;

import io.torale.worker.search.SourceRef;
import java.util.List;

/**
 * How a run ended, as stored in {@code task_runs} and published as {@code TaskExecuted}.
 *
 * @param status {@code SUCCEEDED}, {@code SKIPPED} or {@code FAILED}
 * @param scheduledAtMillis the schedule's nominal start time, null for runs started by hand
 * @param error why the run failed or was skipped
 */
public record RunRecord(
    String executionId,
    String taskId,
    String status,
    Long scheduledAtMillis,
    long startedAtMillis,
    long finishedAtMillis,
    boolean conditionMet,
    boolean changed,
    boolean notified,
    String answer,
    List<SourceRef> sources,
    List<String> searchQueries,
    String error) {

  public RunRecord {
    sources = sources == null ? List.of() : List.copyOf(sources);
    searchQueries = searchQueries == null ? List.of() : List.copyOf(searchQueries);
  }
}
