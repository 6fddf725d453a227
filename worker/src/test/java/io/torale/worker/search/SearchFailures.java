package io.torale.worker.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.temporal.failure.ApplicationFailure;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/**
 * How a search failed, as Temporal's retry rules read it: an {@link ApplicationFailure}, retryable
 * or not, of a type. Each returns the failure for further checks.
 */
final class SearchFailures {

  private SearchFailures() {}

  static ApplicationFailure failureOf(ThrowingCallable search) {
    Throwable thrown = catchThrowable(search);
    assertThat(thrown).isInstanceOf(ApplicationFailure.class);
    return (ApplicationFailure) thrown;
  }

  static ApplicationFailure assertFailsNonRetryably(ThrowingCallable search, String type) {
    return assertFails(search, false, type);
  }

  static ApplicationFailure assertFailsRetryably(ThrowingCallable search, String type) {
    return assertFails(search, true, type);
  }

  private static ApplicationFailure assertFails(
      ThrowingCallable search, boolean retryable, String type) {
    ApplicationFailure failure = failureOf(search);
    assertThat(failure.isNonRetryable()).as("non-retryable").isEqualTo(!retryable);
    assertThat(failure.getType()).isEqualTo(type);
    return failure;
  }
}
