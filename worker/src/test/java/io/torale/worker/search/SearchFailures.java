package io.torale.worker.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.temporal.failure.ApplicationFailure;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** How a search failed, as Temporal's retry rules read it: retryable or not, and its type. */
final class SearchFailures {

  private SearchFailures() {}

  static void assertFailsNonRetryably(ThrowingCallable search, String type) {
    assertFails(search, false, type);
  }

  static void assertFailsRetryably(ThrowingCallable search, String type) {
    assertFails(search, true, type);
  }

  private static void assertFails(ThrowingCallable search, boolean retryable, String type) {
    assertThatThrownBy(search)
        .isInstanceOfSatisfying(
            ApplicationFailure.class,
            failure -> {
              assertThat(failure.isNonRetryable()).as("non-retryable").isEqualTo(!retryable);
              assertThat(failure.getType()).isEqualTo(type);
            });
  }
}
