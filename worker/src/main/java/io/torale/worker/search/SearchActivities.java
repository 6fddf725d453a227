package io.torale.worker.search;

import io.temporal.activity.ActivityInterface;
import io.torale.worker.task.TaskSnapshot;

/** Looks at the world for one task: Gemini grounded in Google Search, or the task's web page. */
@ActivityInterface
public interface SearchActivities {

  /**
   * Runs the task's source and judges its condition. Has no side effects, so it needs no
   * idempotency key: a retry just looks again. Rate limits, 5xx and I/O errors are retryable; 4xx,
   * bad configuration, refused addresses and a missing API key are not.
   */
  Finding executeGroundedSearch(TaskSnapshot task);
}
