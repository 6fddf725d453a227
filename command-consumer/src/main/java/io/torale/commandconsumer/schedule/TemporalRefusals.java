package io.torale.commandconsumer.schedule;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.Optional;
import java.util.Set;

/**
 * Tells Temporal's permanent refusals of a request from its transient failures. A refusal means the
 * request itself is wrong (an argument the server rejects, e.g. a time zone its tz database lacks,
 * or a precondition that will not change by waiting): repeating it gives the same answer, so the
 * command is answered REJECTED with Temporal's own words instead of being retried.
 *
 * <p>{@code NOT_FOUND} is not listed: every operation of {@link TaskSchedules} already treats a
 * missing schedule as the state it wants (deleted, or to be recreated), so a NOT_FOUND that still
 * escapes means the namespace or the server is misconfigured, which is not the command's fault.
 */
public final class TemporalRefusals {

  private static final Set<Status.Code> PERMANENT =
      Set.of(
          Status.Code.INVALID_ARGUMENT,
          Status.Code.FAILED_PRECONDITION,
          Status.Code.OUT_OF_RANGE,
          Status.Code.ALREADY_EXISTS);

  private TemporalRefusals() {}

  /** Temporal's reason, when {@code error} (or a cause) is a permanent refusal. */
  public static Optional<String> reason(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof StatusRuntimeException status
          && PERMANENT.contains(status.getStatus().getCode())) {
        String description = status.getStatus().getDescription();
        return Optional.of(
            "Temporal refused it (%s): %s"
                .formatted(
                    status.getStatus().getCode(),
                    description == null ? "no reason given" : description));
      }
    }
    return Optional.empty();
  }
}
