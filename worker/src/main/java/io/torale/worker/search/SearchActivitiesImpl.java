package io.torale.worker.search;

import io.torale.worker.task.TaskSnapshot;
import org.springframework.stereotype.Component;

/** Dispatches on the task's source type; see {@link SearchActivities}. */
@Component
class SearchActivitiesImpl implements SearchActivities {

  private final GroundedSearch groundedSearch;
  private final WebPageSource webPage;

  SearchActivitiesImpl(GroundedSearch groundedSearch, WebPageSource webPage) {
    this.groundedSearch = groundedSearch;
    this.webPage = webPage;
  }

  @Override
  public Finding executeGroundedSearch(TaskSnapshot task) {
    return task.webPage() ? webPage.search(task) : groundedSearch.search(task);
  }
}
