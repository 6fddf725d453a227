package io.torale.worker.monitoring;

/**
 * Type strings of the application failures activities throw. Retry rules match on them; the
 * non-retryable ones are thrown with {@code ApplicationFailure.newNonRetryableFailure}.
 */
public final class FailureTypes {

  /** The task row does not exist (never created, or purged): nothing to run. Non-retryable. */
  public static final String TASK_NOT_FOUND = "TaskNotFound";

  /** The task cannot run as defined (missing query, bad URL, bad regex or selector). */
  public static final String INVALID_CONFIGURATION = "InvalidConfiguration";

  /** Gemini is not configured (no API key and no Vertex AI project). Non-retryable. */
  public static final String GEMINI_NOT_CONFIGURED = "GeminiNotConfigured";

  /** Gemini refused the request with a 4xx other than 429. Non-retryable. */
  public static final String GEMINI_REJECTED = "GeminiRejected";

  /** Gemini is rate-limiting (429) or failing (5xx, I/O): retried with backoff. */
  public static final String GEMINI_UNAVAILABLE = "GeminiUnavailable";

  /** Gemini answered, but not in the expected JSON shape: retried, a new sample may parse. */
  public static final String GEMINI_MALFORMED = "GeminiMalformedResponse";

  /** The page's address is private, loopback, link-local or metadata, and not allow-listed. */
  public static final String ADDRESS_REFUSED = "AddressRefused";

  /** The page answered 4xx (not 429), redirected too often, or is larger than the cap. */
  public static final String PAGE_REJECTED = "PageRejected";

  /** The page is unreachable for now (I/O, timeout, 429, 5xx): retried with backoff. */
  public static final String PAGE_UNAVAILABLE = "PageUnavailable";

  /** How a workflow run fails after recording an activity's final failure. */
  public static final String RUN_FAILED = "RunFailed";

  private FailureTypes() {}
}
