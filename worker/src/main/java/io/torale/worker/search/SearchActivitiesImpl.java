package io.torale.worker.search;

import io.temporal.failure.ApplicationFailure;
import io.torale.platform.task.TaskSource;
import io.torale.platform.task.TaskSource.WebPage;
import io.torale.worker.monitoring.FailureTypes;
import io.torale.worker.task.TaskSnapshot;
import org.springframework.stereotype.Component;

/** Dispatches on the task's source type, heartbeating throughout; see {@link SearchActivities}. */
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
    return Heartbeats.during(
        () ->
            switch (task.source()) {
              case TaskSource.GroundedSearch search -> groundedSearch.search(task);
              case WebPage page -> webPage.search(task, page);
            });
  }

  /** No heartbeat: a local activity cannot heartbeat (its workflow task does). */
  @Override
  public Finding checkPage(TaskSnapshot task) {
    if (!(task.source() instanceof WebPage page) || !page.deterministic()) {
      throw ApplicationFailure.newNonRetryableFailure(
          "checkPage needs a WEB_PAGE task with a deterministic match",
          FailureTypes.INVALID_CONFIGURATION);
    }
    return webPage.search(task, page);
  }

  @Override
  public Evidence searchWeb(String query) {
    return Heartbeats.during(() -> groundedSearch.gather(query));
  }

  @Override
  public Finding judgeEvidence(TaskSnapshot task, Evidence evidence) {
    return Heartbeats.during(() -> groundedSearch.judge(task, evidence));
  }
}
