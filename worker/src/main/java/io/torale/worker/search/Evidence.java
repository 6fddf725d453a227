package io.torale.worker.search;

import java.util.List;

/**
 * What a grounded search found for a query, before any task's condition is applied: the model's
 * report, the pages that ground it and the queries it ran. The same evidence may serve every task
 * with the same query ({@link SharedSearches}); it travels through workflow history to the verdict.
 */
public record Evidence(String report, List<SourceRef> sources, List<String> searchQueries) {

  public Evidence {
    report = report == null ? "" : report;
    sources = sources == null ? List.of() : List.copyOf(sources);
    searchQueries = searchQueries == null ? List.of() : List.copyOf(searchQueries);
  }
}
