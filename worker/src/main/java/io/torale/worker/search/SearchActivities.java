package io.torale.worker.search;

import io.temporal.activity.ActivityInterface;
import io.torale.worker.task.TaskSnapshot;

/**
 * Looks at the world for one task: Gemini grounded in Google Search, or the task's web page. None
 * has side effects beyond sharing a search, so none needs an idempotency key: a retry looks again.
 * Rate limits, 5xx and I/O errors are retryable; 4xx, bad configuration, refused addresses and a
 * missing API key are not. Each heartbeats while its HTTP call is in flight, so a dead worker is
 * replaced within the heartbeat timeout.
 */
@ActivityInterface
public interface SearchActivities {

  /**
   * Runs the task's source and judges its condition: a web page (fetch, then a deterministic match
   * or one verdict call), or, for runs of workflow versions before the split, search and verdict.
   */
  Finding executeGroundedSearch(TaskSnapshot task);

  /**
   * A web page with a deterministic match (no model): fetch, narrow, match. Run as a local activity
   * (workflow version {@code lean-run}): the fetch is bounded by the page timeouts ({@code
   * torale.webpage.*}, 20 s per call by default), so it needs no heartbeat of its own; the worker
   * heartbeats the workflow task while it runs, and a dead worker's workflow task times out and is
   * retried, page fetch included, on another worker. Same failures as {@link
   * #executeGroundedSearch}.
   */
  Finding checkPage(TaskSnapshot task);

  /** One grounded search call for the query, or the search another task made within the window. */
  Evidence searchWeb(String query);

  /** One verdict call: the condition, the typed fields and "changed in meaning", for one task. */
  Finding judgeEvidence(TaskSnapshot task, Evidence evidence);
}
