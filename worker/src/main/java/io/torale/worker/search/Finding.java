package io.torale.worker.search;

import io.torale.worker.finding.FieldValue;
import io.torale.worker.finding.FindingSchema;
import java.util.List;

/**
 * What one run found. It travels through workflow history; fields added later are null in the
 * histories of older runs.
 *
 * @param conditionMet whether the task's condition holds
 * @param answer a short answer for people
 * @param state the watched state: a page's watched text, or a one-sentence summary of the facts
 *     when {@code fields} are given (then the fields, not this, decide "new or not")
 * @param sources pages that back the answer
 * @param searchQueries the queries the model ran (grounded search only)
 * @param fields the typed facts, canonical, in the task's schema (empty for deterministic matches)
 * @param changedInMeaning the verdict call's judgement against the last notified finding; null when
 *     no model judged (deterministic matches) — an equal canonical hash overrides it either way
 * @param whatChanged one sentence on what changed since the last notified finding, or null
 * @param designedSchema the schema this run's verdict call designed (first run only), else null
 */
public record Finding(
    boolean conditionMet,
    String answer,
    String state,
    List<SourceRef> sources,
    List<String> searchQueries,
    List<FieldValue> fields,
    Boolean changedInMeaning,
    String whatChanged,
    FindingSchema designedSchema) {

  public Finding {
    sources = sources == null ? List.of() : List.copyOf(sources);
    searchQueries = searchQueries == null ? List.of() : List.copyOf(searchQueries);
    fields = fields == null ? List.of() : List.copyOf(fields);
  }

  /** A finding without typed fields: a deterministic match, or a run from before them. */
  public Finding(
      boolean conditionMet,
      String answer,
      String state,
      List<SourceRef> sources,
      List<String> searchQueries) {
    this(conditionMet, answer, state, sources, searchQueries, null, null, null, null);
  }
}
