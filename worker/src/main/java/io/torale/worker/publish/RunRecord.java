package io.torale.worker.publish;

import io.torale.worker.finding.FieldValue;
import io.torale.worker.search.SourceRef;
import java.util.List;

/**
 * How a run ended, as stored in {@code task_runs} and published as {@code TaskExecuted}.
 *
 * @param status {@code SUCCEEDED}, {@code SKIPPED} or {@code FAILED}
 * @param scheduledAtMillis the schedule's nominal start time, null for runs started by hand
 * @param error why the run failed or was skipped
 * @param fields the finding's typed fields (empty for deterministic matches and older runs)
 * @param whatChanged one sentence on what changed since the last notified finding, when it did
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
    String error,
    List<FieldValue> fields,
    String whatChanged) {

  public RunRecord {
    fields = fields == null ? List.of() : List.copyOf(fields);
    sources = sources == null ? List.of() : List.copyOf(sources);
    searchQueries = searchQueries == null ? List.of() : List.copyOf(searchQueries);
  }
}
