package io.torale.platform.failure;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Set;
import org.apache.kafka.common.errors.RetriableException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Failures that heal by waiting: a dependency that is down, slow or overloaded. These are retried
 * with backoff for as long as it takes, because giving up would lose a command that is fine. Any
 * other failure is a bug or a bad record, and repeating it forever would block its partition, so it
 * gets a few attempts only (see {@code DeadLetterConfiguration}).
 *
 * <ul>
 *   <li>Temporal (gRPC): {@code UNAVAILABLE}, {@code DEADLINE_EXCEEDED}, {@code
 *       RESOURCE_EXHAUSTED}, {@code ABORTED};
 *   <li>PostgreSQL: Spring's transient and recoverable data-access exceptions, a failed connection
 *       ({@link CannotCreateTransactionException}, {@link DataAccessResourceFailureException}),
 *       {@link SQLTransientException}, {@link SQLRecoverableException}, and SQL states of class 08
 *       (connection), 40 (serialization failure, deadlock), 53 (insufficient resources) and 57P
 *       (server shutting down);
 *   <li>Kafka: {@link RetriableException} (e.g. a send that timed out);
 *   <li>any {@link IOException} (a connection lost mid-call).
 * </ul>
 */
public final class TransientFailures {

  private static final Set<Status.Code> TRANSIENT_GRPC =
      Set.of(
          Status.Code.UNAVAILABLE,
          Status.Code.DEADLINE_EXCEEDED,
          Status.Code.RESOURCE_EXHAUSTED,
          Status.Code.ABORTED);

  private TransientFailures() {}

  public static boolean isTransient(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (transientItself(t)) {
        return true;
      }
    }
    return false;
  }

  private static boolean transientItself(Throwable t) {
    return switch (t) {
      case StatusRuntimeException status -> TRANSIENT_GRPC.contains(status.getStatus().getCode());
      case TransientDataAccessException e -> true;
      case RecoverableDataAccessException e -> true;
      case DataAccessResourceFailureException e -> true;
      case CannotCreateTransactionException e -> true;
      case SQLTransientException e -> true;
      case SQLRecoverableException e -> true;
      case SQLException sql -> transientSqlState(sql.getSQLState());
      case RetriableException e -> true;
      case IOException e -> true;
      default -> false;
    };
  }

  private static boolean transientSqlState(String state) {
    return state != null
        && (state.startsWith("08")
            || state.startsWith("40")
            || state.startsWith("53")
            || state.startsWith("57P"));
  }
}
