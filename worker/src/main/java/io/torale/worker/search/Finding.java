package io.torale.worker.search;

import java.util.List;

/**
 * What one run found.
 *
 * @param conditionMet whether the task's condition holds
 * @param answer a short answer for people
 * @param state a normalised statement of the current state; its hash decides "new or not"
 * @param sources pages that back the answer
 * @param searchQueries the queries the model ran (grounded search only)
 */
public record Finding(
    boolean conditionMet,
    String answer,
    String state,
    List<SourceRef> sources,
    List<String> searchQueries) {

  public Finding {
    sources = sources == null ? List.of() : List.copyOf(sources);
    searchQueries = searchQueries == null ? List.of() : List.copyOf(searchQueries);
  }
}
